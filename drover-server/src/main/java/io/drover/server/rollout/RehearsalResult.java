package io.drover.server.rollout;

import io.drover.error.DroverException;
import java.util.Collection;
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
 * @param mismatches devices that did not end as their faults predict, one line each (at most
 *     {@value #MAX_LINES} of them, the first ones); empty when the emulator's verdict is "as predicted"
 * @param mismatchCount how many devices did not end as predicted, listed or not; default: as many as listed
 * @param seed the seed of the emulator's random choices, so the run can be repeated
 */
public record RehearsalResult(Long releaseId, Integer devices, Integer updated, Integer rolledBack, Integer unchanged,
        Integer failed, Integer bricked, Map<String, Integer> failureReasons, Map<String, Integer> faults,
        List<String> mismatches, Integer mismatchCount, Long seed) {
    /** Bounds on what a result lists, so that it stays a small record whatever the emulated fleet's size. */
    public static final int MAX_LINES = 100;
    public static final int MAX_LINE_LENGTH = 1000;

    public RehearsalResult {
        if (releaseId == null) {
            throw invalid("a rehearsal result names the releaseId it rehearsed");
        }
        requireCount("devices", devices);
        requireCount("updated", updated);
        requireCount("rolledBack", rolledBack);
        requireCount("unchanged", unchanged);
        requireCount("failed", failed);
        requireCount("bricked", bricked);
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
        requireBounded("failureReasons", failureReasons.keySet());
        requireBounded("faults", faults.keySet());
        requireBounded("mismatches", mismatches);
        if (mismatchCount == null) {
            mismatchCount = mismatches.size();
        }
        if (mismatchCount < mismatches.size() || mismatchCount > devices) {
            throw invalid("mismatchCount must be from the number of listed mismatches (" + mismatches.size()
                    + ") to devices (" + devices + "): " + mismatchCount);
        }
    }

    /** The emulator found every device where its faults predict. */
    public boolean asPredicted() {
        return mismatchCount == 0;
    }

    private static void requireBounded(String name, Collection<String> lines) {
        if (lines.size() > MAX_LINES) {
            throw invalid("a rehearsal result lists at most " + MAX_LINES + " " + name + ": " + lines.size());
        }
        if (lines.stream().anyMatch(line -> line.length() > MAX_LINE_LENGTH)) {
            throw invalid(name + " are at most " + MAX_LINE_LENGTH + " characters each");
        }
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
