package io.drover.server.rollout.wave;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.server.rollout.RolloutErrors;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class WavePlanTest {

    private static Wave wave(double percent) {
        return new Wave(percent, Duration.ofHours(1), 95, 5L, 2.0);
    }

    @Test
    void acceptsRisingWavesEndingAtTheWholeFleet() {
        WavePlan plan = new WavePlan(List.of(wave(0.0001), wave(1), wave(100)), Optional.of("canary"), Optional.empty());
        assertThat(plan.isLast(2)).isTrue();
        assertThat(plan.wave(0).thresholdPpm()).isEqualTo(1);
        assertThat(WavePlan.everyoneAtOnce().waves()).containsExactly(Wave.everyone());
    }

    @Test
    void refusesPlansThatDoNotRiseToTheWholeFleet() {
        assertInvalid(() -> new WavePlan(List.of(), Optional.empty(), Optional.empty()), "1 to 20 waves");
        assertInvalid(() -> new WavePlan(List.of(wave(10), wave(10), wave(100)), Optional.empty(), Optional.empty()),
                "must rise");
        assertInvalid(() -> new WavePlan(List.of(wave(10), wave(50)), Optional.empty(), Optional.empty()),
                "must reach 100");
    }

    @Test
    void refusesWavesOutOfRange() {
        assertInvalid(() -> wave(0), "above 0");
        assertInvalid(() -> wave(100.5), "at most 100");
        assertInvalid(() -> wave(0.00001), "4 decimals");
        assertInvalid(() -> new Wave(10, Duration.ofSeconds(-1), 0, null, null), "soak");
        assertInvalid(() -> new Wave(10, null, 0, null, null), "soak");
        assertInvalid(() -> new Wave(10, Duration.ZERO, 101, null, null), "successPercent");
        assertInvalid(() -> new Wave(10, Duration.ZERO, 0, -1L, null), "maxFailures");
        assertInvalid(() -> new Wave(10, Duration.ZERO, 0, null, -0.5), "maxFailurePercent");
        assertInvalid(() -> new HealthGate(-1, 10), "marginPercent");
        assertInvalid(() -> new HealthGate(5, 0), "minDevices");
    }

    private static void assertInvalid(Executable creation, String message) {
        assertThatThrownBy(creation::execute)
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(RolloutErrors.INVALID))
                .hasMessageContaining(message);
    }
}
