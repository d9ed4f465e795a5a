package io.drover.server.rollout.wave;

import io.drover.error.DroverException;
import io.drover.server.rollout.RolloutErrors;
import java.time.Duration;

/**
 * One step of a staged rollout.
 *
 * @param percent the cumulative share of the targeted devices reached once this wave starts (the last wave: 100)
 * @param soak how long the wave runs at least before the rollout may move on
 * @param successPercent the share of this wave's own devices that must have installed before it may move on
 * @param maxFailures the rollout halts once more than this many of the wave's devices failed; null for no count limit
 * @param maxFailurePercent the rollout halts once more than this share of the wave's devices failed; null for no
 *     share limit
 */
public record Wave(double percent, Duration soak, double successPercent, Long maxFailures, Double maxFailurePercent) {
    public Wave {
        if (!(percent > 0 && percent <= 100) || Math.rint(percent * Shares.PER_PERCENT) != percent * Shares.PER_PERCENT) {
            throw invalid("a wave's percent must be above 0, at most 100, with at most 4 decimals: " + percent);
        }
        if (soak == null || soak.isNegative()) {
            throw invalid("a wave's soak must be a duration of zero or more");
        }
        if (!(successPercent >= 0 && successPercent <= 100)) {
            throw invalid("a wave's successPercent must be from 0 to 100: " + successPercent);
        }
        if (maxFailures != null && maxFailures < 0) {
            throw invalid("a wave's maxFailures must not be negative: " + maxFailures);
        }
        if (maxFailurePercent != null && !(maxFailurePercent >= 0 && maxFailurePercent <= 100)) {
            throw invalid("a wave's maxFailurePercent must be from 0 to 100: " + maxFailurePercent);
        }
    }

    /** The whole target at once, nothing to wait for, never halting by itself: a rollout without a wave plan. */
    public static Wave everyone() {
        return new Wave(100, Duration.ZERO, 0, null, null);
    }

    /** {@link #percent} in millionths of the target, the unit device shares are drawn in. */
    long thresholdPpm() {
        return Math.round(percent * Shares.PER_PERCENT);
    }

    static DroverException invalid(String message) {
        return new DroverException(RolloutErrors.INVALID, message);
    }
}
