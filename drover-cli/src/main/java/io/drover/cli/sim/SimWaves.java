package io.drover.cli.sim;

import io.drover.server.rollout.NewRollout;
import io.drover.server.rollout.wave.Wave;
import java.time.Duration;
import java.util.List;

/**
 * How each class's rollout widens: its waves' cumulative percents (the last 100), each with no soak, the share of
 * the wave's devices that must install before the next starts, and the failure share that halts the rollout. The
 * server validates the rest of the plan when the rollout starts.
 *
 * @param percents empty for one wave to every device at once
 * @param maxFailurePercent null for no limit
 */
record SimWaves(List<Double> percents, double successPercent, Double maxFailurePercent) {
    static final SimWaves EVERYONE = new SimWaves(List.of(), 0, null);

    SimWaves {
        percents = List.copyOf(percents);
        for (int i = 0; i < percents.size(); i++) {
            if (!(percents.get(i) > 0 && percents.get(i) <= 100) || (i > 0 && percents.get(i) <= percents.get(i - 1))) {
                throw new IllegalArgumentException("--waves must be rising percents above 0, up to 100: " + percents);
            }
        }
        if (!percents.isEmpty() && percents.getLast() != 100) {
            throw new IllegalArgumentException("--waves must end at 100: " + percents);
        }
        if (!(successPercent >= 0 && successPercent <= 100)) {
            throw new IllegalArgumentException("--success-percent must be from 0 to 100");
        }
        if (maxFailurePercent != null && !(maxFailurePercent >= 0 && maxFailurePercent <= 100)) {
            throw new IllegalArgumentException("--max-failure-percent must be from 0 to 100");
        }
    }

    /** The rollout of {@code releaseId} in these waves. */
    NewRollout rollout(long releaseId) {
        if (percents.isEmpty()) {
            return NewRollout.everyone(releaseId);
        }
        List<Wave> waves = percents.stream()
                .map(percent -> new Wave(percent, Duration.ZERO, successPercent, null, maxFailurePercent))
                .toList();
        return new NewRollout(releaseId, null, waves, null, null, null, null, null);
    }
}
