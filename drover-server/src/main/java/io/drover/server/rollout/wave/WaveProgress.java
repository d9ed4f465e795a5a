package io.drover.server.rollout.wave;

import java.time.Instant;
import java.util.Objects;

/**
 * What is known of a rollout's current wave when it is judged.
 *
 * @param devices how many targeted devices the wave itself adds (its members not in an earlier wave)
 * @param succeeded,failed how many of those reached each final state
 * @param incompatible how many of those the class's compatibility policy keeps from the release by every path: they
 *     count neither for nor against the wave
 * @param updatedHealth health reports of the wave's updated devices during the soak
 * @param baselineHealth health reports of the class's devices not yet updated, over the same time
 */
public record WaveProgress(int index, Instant startedAt, long devices, long succeeded, long failed,
        long incompatible, HealthSample updatedHealth, HealthSample baselineHealth) {
    public WaveProgress {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedHealth, "updatedHealth");
        Objects.requireNonNull(baselineHealth, "baselineHealth");
        if (index < 0 || devices < 0 || succeeded < 0 || failed < 0 || incompatible < 0) {
            throw new IllegalArgumentException("wave progress counts cannot be negative");
        }
    }

    /** The wave's devices that may run the release, which its thresholds are shares of. */
    public long eligible() {
        return Math.max(0, devices - incompatible);
    }
}
