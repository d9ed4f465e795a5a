package io.drover.server.rollout;

import io.drover.error.DroverException;
import java.util.List;
import java.util.Map;

/**
 * How a rehearsal of a rollout's release on an emulated fleet ended, as {@code drover rollout rehearse} (or any
 * emulator) reports it. It carries counts, not a verdict: whether it passes is the server's judgement
 * ({@link RehearsalRequirement#judge}). Every device ended exactly one way: updated, rolled back, unchanged or failed.
 *
 * @param releaseId the release that was rehearsed; must be the rollout's
 * @param bricked devices that would not boot a valid slot (counted among the failed)
 * @param failureReasons devices per failure reason the emulated fleet's server recorded
 * @param faults devices per kind of fault they were given (a device with several counts under each)
 * @param mismatches devices that did not end as their faults predict, one line each; empty when the emulator's
 *     verdict is "as predicted"
 * @param seed the seed of the emulator's random choices, so the run can be repeated
 */
public record RehearsalResult(Long releaseId, Integer devices, Integer updated, Integer rolledBack, Integer unchanged,
        Integer failed, Integer bricked, Map<String, Integer> failureReasons, Map<String, Integer> faults,
        List<String> mismatches, Long seed) {

    public RehearsalResult {
        if (releaseId == null) {
            throw invalid("a rehearsal result names the releaseId it rehearsed");
        }
        for (var count : Map.of("devices", devices, "updated", updated, "rolledBack", rolledBack,
                "unchanged", unchanged, "failed", failed, "bricked", bricked).entrySet()) {
            requireCount(count.getKey(), count.getValue());
        }
        if (devices < 1 || devices > RehearsalRequirement.MAX_DEVICES) {
            throw invalid("a rehearsal ran from 1 to " + RehearsalRequirement.MAX_DEVICES + " devices: " + devices);
        }
        if ((long) updated + rolledBack + unchanged + failed != devices) {
            throw invalid("updated + rolledBack + unchanged + failed must add up to devices (" + devices + ")");
        }
        if (bricked > failed) {
            throw invalid("bricked devices are counted among the failed: " + bricked + " > " + failed);
        }
        failureReasons = failureReasons == null ? Map.of() : Map.copyOf(failureReasons);
        faults = faults == null ? Map.of() : Map.copyOf(faults);
        failureReasons.values().forEach(n -> requireCount("a failure reason's count", n));
        faults.values().forEach(n -> requireCount("a fault's count", n));
        mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
    }

    /** The emulator found every device where its faults predict. */
    public boolean asPredicted() {
        return mismatches.isEmpty();
    }

    private static void requireCount(String name, Integer count) {
        if (count == null || count < 0) {
            throw invalid("a rehearsal result needs " + name + " as a count of 0 or more: " + count);
        }
    }

    private static DroverException invalid(String message) {
        return new DroverException(RolloutErrors.INVALID, message);
    }
}
