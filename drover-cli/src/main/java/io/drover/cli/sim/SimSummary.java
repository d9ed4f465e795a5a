package io.drover.cli.sim;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a simulation ended.
 *
 * @param failureReasons count of devices per failure reason the server recorded
 * @param mismatches devices that did not end where the scenario predicts, or whose server record disagrees with the
 *     agent, one line each
 */
public record SimSummary(int devices, int updated, int rolledBack, int failed, int restarts,
        Map<String, Integer> failureReasons, List<String> mismatches, long wallMillis) {
    public SimSummary {
        failureReasons = Map.copyOf(Objects.requireNonNull(failureReasons, "failureReasons"));
        mismatches = List.copyOf(Objects.requireNonNull(mismatches, "mismatches"));
    }

    public boolean asPredicted() {
        return mismatches.isEmpty();
    }
}
