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
 * @param rolloutMillis from starting the agents until every device reported (or the timeout)
 * @param wallMillis the whole run, registration and signing included
 * @param heapPerIdleAgentBytes used heap after GC with every agent idle, minus the same before they started, per
 *     device: what one more idle device costs this JVM
 */
public record SimSummary(int devices, int updated, int rolledBack, int failed, int restarts,
        Map<String, Integer> failureReasons, List<String> mismatches, long rolloutMillis, long wallMillis,
        long heapPerIdleAgentBytes) {
    public SimSummary {
        failureReasons = Map.copyOf(Objects.requireNonNull(failureReasons, "failureReasons"));
        mismatches = List.copyOf(Objects.requireNonNull(mismatches, "mismatches"));
    }

    public boolean asPredicted() {
        return mismatches.isEmpty();
    }
}
