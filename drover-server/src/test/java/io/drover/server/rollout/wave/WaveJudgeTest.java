package io.drover.server.rollout.wave;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaveJudgeTest {
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final Wave CANARY = new Wave(1, Duration.ofHours(2), 90, 3L, 20.0);
    private static final Wave ALL = new Wave(100, Duration.ofHours(1), 95, null, 5.0);
    private static final WavePlan PLAN = new WavePlan(List.of(CANARY, ALL), Optional.empty(), Optional.empty());
    private static final WavePlan GATED = new WavePlan(List.of(CANARY, ALL), Optional.empty(),
            Optional.of(new HealthGate(5, 10)));

    private static WaveProgress progress(int wave, long devices, long succeeded, long failed) {
        return new WaveProgress(wave, START, devices, succeeded, failed, 0, HealthSample.NONE, HealthSample.NONE);
    }

    private static WaveProgress withHealth(WaveProgress p, HealthSample updated, HealthSample baseline) {
        return new WaveProgress(p.index(), p.startedAt(), p.devices(), p.succeeded(), p.failed(), p.incompatible(),
                updated, baseline);
    }

    @Test
    void holdsDuringTheSoakThenPromotesWhenEnoughInstalled() {
        WaveProgress done = progress(0, 100, 95, 2);
        assertThat(WaveJudge.judge(PLAN, done, START.plus(Duration.ofMinutes(119))))
                .isEqualTo(new WaveDecision.Hold("wave 1 soaks until 2026-11-28T12:00:00Z"));
        assertThat(WaveJudge.judge(PLAN, done, START.plus(Duration.ofHours(2)))).isEqualTo(new WaveDecision.Promote());
    }

    @Test
    void holdsAfterTheSoakUntilTheSuccessShareIsReached() {
        assertThat(WaveJudge.judge(PLAN, progress(0, 100, 89, 0), START.plus(Duration.ofDays(3))))
                .isEqualTo(new WaveDecision.Hold("wave 1: 89 of 100 devices installed, 90.0 % needed"));
    }

    @Test
    void completesWhenEveryDeviceOfTheLastWaveHasFinished() {
        assertThat(WaveJudge.judge(PLAN, progress(1, 10_000, 9_600, 10), START.plus(Duration.ofHours(1))))
                .isEqualTo(new WaveDecision.Hold("wave 2: 390 devices have not finished"));
        assertThat(WaveJudge.judge(PLAN, progress(1, 10_000, 9_990, 10), START.plus(Duration.ofHours(1))))
                .isEqualTo(new WaveDecision.Complete());
    }

    @Test
    void devicesThatCannotRunTheReleaseCountNeitherForNorAgainstAWave() {
        // 10 of the 100 devices of the wave are incompatible: 81 installs are 90 % of the 90 that can install.
        WaveProgress canary = new WaveProgress(0, START, 100, 81, 0, 10, HealthSample.NONE, HealthSample.NONE);
        assertThat(WaveJudge.judge(PLAN, canary, START.plus(Duration.ofHours(2)))).isEqualTo(new WaveDecision.Promote());
        WaveProgress last = new WaveProgress(1, START, 1_000, 912, 48, 40, HealthSample.NONE, HealthSample.NONE);
        assertThat(WaveJudge.judge(PLAN, last, START.plus(Duration.ofHours(1)))).isEqualTo(new WaveDecision.Complete());
        WaveProgress failing = new WaveProgress(1, START, 1_000, 0, 49, 40, HealthSample.NONE, HealthSample.NONE);
        assertThat(WaveJudge.judge(PLAN, failing, START)).isEqualTo(new WaveDecision.Halt(
                "wave 2: 49 of 960 devices failed, more than 5.0 %"));
    }

    @Test
    void haltsAtOnceWhenFailuresPassTheCount() {
        assertThat(WaveJudge.judge(PLAN, progress(0, 100, 3, 3), START)).isInstanceOf(WaveDecision.Hold.class);
        assertThat(WaveJudge.judge(PLAN, progress(0, 100, 3, 4), START))
                .isEqualTo(new WaveDecision.Halt("wave 1: 4 devices failed, more than the 3 allowed"));
    }

    @Test
    void haltsWhenFailuresPassTheShare() {
        assertThat(WaveJudge.judge(PLAN, progress(1, 1000, 10, 50), START)).isInstanceOf(WaveDecision.Hold.class);
        assertThat(WaveJudge.judge(PLAN, progress(1, 1000, 10, 51), START))
                .isEqualTo(new WaveDecision.Halt("wave 2: 51 of 1000 devices failed, more than 5.0 %"));
    }

    @Test
    void healthGateHaltsAWaveWhoseInstallsAreAllGreen() {
        WaveProgress green = progress(0, 100, 100, 0);
        WaveProgress sick = withHealth(green, new HealthSample(40, 8), new HealthSample(5000, 100));
        assertThat(WaveJudge.judge(GATED, sick, START)).isEqualTo(new WaveDecision.Halt(
                "wave 1: health gate: 20.0 % of 40 updated devices reported trouble against 2.0 % of 5000 not yet "
                        + "updated, more than 5.0 points worse", true));
        WaveProgress fine = withHealth(green, new HealthSample(40, 2), new HealthSample(5000, 100));
        assertThat(WaveJudge.judge(GATED, fine, START.plus(Duration.ofHours(2)))).isEqualTo(new WaveDecision.Promote());
    }

    @Test
    void healthGateWaitsForEnoughReportsBeforeMovingOn() {
        WaveProgress quiet = withHealth(progress(0, 100, 100, 0), new HealthSample(9, 0), HealthSample.NONE);
        assertThat(WaveJudge.judge(GATED, quiet, START.plus(Duration.ofHours(2))))
                .isEqualTo(new WaveDecision.Hold("wave 1: 9 updated devices reported their health, 10 needed"));
    }

    @Test
    void aWaveSmallerThanTheGateSampleIsJudgedOnAllItsDevices() {
        WaveProgress small = withHealth(progress(0, 3, 3, 0), new HealthSample(3, 1), new HealthSample(300, 3));
        // Too few to halt early, but at the end of the soak one troubled device of three is 32 points worse.
        assertThat(WaveJudge.judge(GATED, small, START)).isInstanceOf(WaveDecision.Hold.class);
        assertThat(WaveJudge.judge(GATED, small, START.plus(Duration.ofHours(2))))
                .isInstanceOf(WaveDecision.Halt.class);
    }
}
