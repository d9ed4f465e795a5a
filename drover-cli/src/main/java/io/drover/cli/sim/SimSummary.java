package io.drover.cli.sim;

import io.drover.sim.FaultKind;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a simulation ended. A device counts as updated, rolled back or unchanged only when its data directory (what it
 * would boot), its agent's report and the server's record all say so; any other end is failed.
 *
 * @param unchanged devices still on their old version that never finished the update, as their scenario allows:
 *     their class's rollout halted before they installed, or their installs wait for a condition that never holds
 * @param bricked devices that would not boot a valid slot (an image missing or not the one their state names)
 * @param failureReasons count of devices per failure reason the server recorded
 * @param waitingReasons count of devices per reason they wait, for devices whose last report is WAITING
 * @param rollouts per class, how its rollout ended
 * @param faults per kind of fault, how the devices that had it ended (a device with several counts under each)
 * @param mismatches devices that did not end where the scenario predicts, or whose server record disagrees with
 *     what they run, one line each
 * @param rolloutMillis from starting the agents until every device reported (or the timeout)
 * @param wallMillis the whole run, registration and signing included
 * @param heapPerIdleAgentBytes used heap after GC with every agent idle, minus the same before they started, per
 *     device: what one more idle device costs this JVM
 */
public record SimSummary(int devices, int updated, int rolledBack, int unchanged, int failed, int bricked,
        int restarts, Map<String, Integer> failureReasons, Map<String, Integer> waitingReasons,
        Map<String, RolloutEnd> rollouts, Map<FaultKind, FaultTally> faults, List<String> mismatches,
        long rolloutMillis, long wallMillis, long heapPerIdleAgentBytes) {
    public SimSummary {
        // Sorted, so that the printed and JSON summaries of two runs line up.
        failureReasons = Collections.unmodifiableMap(new TreeMap<>(failureReasons));
        waitingReasons = Collections.unmodifiableMap(new TreeMap<>(waitingReasons));
        rollouts = Collections.unmodifiableMap(new TreeMap<>(rollouts));
        faults = Collections.unmodifiableMap(new TreeMap<>(faults));
        mismatches = List.copyOf(Objects.requireNonNull(mismatches, "mismatches"));
    }

    public boolean asPredicted() {
        return mismatches.isEmpty();
    }

    /**
     * How one class's rollout ended.
     *
     * @param status RUNNING, HALTED, COMPLETED … as the server has it
     * @param statusReason why it halted; null while running or once completed
     * @param wave the wave it was in (1 for the first)
     * @param reportsPerWave how many devices reported on the rollout, per wave they belong to
     */
    public record RolloutEnd(long id, String status, String statusReason, int wave,
            Map<Integer, Integer> reportsPerWave) {
        public RolloutEnd {
            Objects.requireNonNull(status, "status");
            reportsPerWave = Collections.unmodifiableMap(new TreeMap<>(reportsPerWave));
        }
    }

    /** How the devices with one kind of fault ended. */
    public record FaultTally(int devices, int updated, int rolledBack, int unchanged, int failed) {
        static final FaultTally NONE = new FaultTally(0, 0, 0, 0, 0);

        FaultTally plus(DeviceEnd end) {
            return new FaultTally(devices + 1, updated + (end == DeviceEnd.UPDATED ? 1 : 0),
                    rolledBack + (end == DeviceEnd.ROLLED_BACK ? 1 : 0),
                    unchanged + (end == DeviceEnd.UNCHANGED ? 1 : 0), failed + (end == DeviceEnd.FAILED ? 1 : 0));
        }
    }

    /** Where one device ended. */
    enum DeviceEnd {
        UPDATED,
        ROLLED_BACK,
        UNCHANGED,
        FAILED
    }
}
