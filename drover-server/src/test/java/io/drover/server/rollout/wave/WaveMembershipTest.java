package io.drover.server.rollout.wave;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WaveMembershipTest {
    private static final WavePlan PLAN = new WavePlan(List.of(wave(1), wave(10), wave(50), wave(100)),
            Optional.of("canary"), Optional.empty());
    private static final int DEVICES = 200_000;

    private static Wave wave(double percent) {
        return new Wave(percent, Duration.ZERO, 0, null, null);
    }

    @Test
    void splitsAFleetInTheWavesShares() {
        long[] perWave = new long[4];
        IntStream.range(0, DEVICES).forEach(i -> perWave[WaveMembership.waveOf(PLAN, 42, "dev-" + i, false)]++);
        // Expected 1 %, 9 %, 40 %, 50 % of 200,000; the bounds are about five standard deviations wide.
        assertThat(perWave[0]).isBetween(1_780L, 2_220L);
        assertThat(perWave[1]).isBetween(17_400L, 18_600L);
        assertThat(perWave[2]).isBetween(79_000L, 81_000L);
        assertThat(perWave[3]).isBetween(99_000L, 101_000L);
    }

    @Test
    void isStableForADeviceAndDrawsAfreshForAnotherRollout() {
        List<Integer> first = IntStream.range(0, 1000).mapToObj(i -> WaveMembership.waveOf(PLAN, 7, "d" + i, false)).toList();
        List<Integer> again = IntStream.range(0, 1000).mapToObj(i -> WaveMembership.waveOf(PLAN, 7, "d" + i, false)).toList();
        List<Integer> other = IntStream.range(0, 1000).mapToObj(i -> WaveMembership.waveOf(PLAN, 8, "d" + i, false)).toList();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void canaryGroupMembersAreInTheFirstWave() {
        String lateDevice = IntStream.range(0, 1000).mapToObj(i -> "d" + i)
                .filter(d -> WaveMembership.waveOf(PLAN, 7, d, false) == 3).findFirst().orElseThrow();
        assertThat(WaveMembership.waveOf(PLAN, 7, lateDevice, true)).isZero();
    }

    @Test
    void sharesCoverTheWholeRange() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < DEVICES; i++) {
            long share = WaveMembership.shareOf(1, "dev-" + i);
            min = Math.min(min, share);
            max = Math.max(max, share);
        }
        assertThat(min).isBetween(0L, 100L);
        assertThat(max).isBetween(999_900L, 999_999L);
    }
}
