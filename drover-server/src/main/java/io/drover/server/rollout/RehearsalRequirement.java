package io.drover.server.rollout;

import io.drover.error.DroverException;

/**
 * What a rollout's rehearsal must show before its wave 1 starts: the release ran on at least {@code devices}
 * emulated devices of the rollout's class, with real agents and the faults the operator chose, and at most
 * {@code maxFailurePercent} of them did not end on the release.
 *
 * @param devices the smallest emulated fleet that counts, from 1 to {@value #MAX_DEVICES}
 * @param maxFailurePercent the largest share of the emulated devices that may end without the release (rolled back,
 *     failed or never installed), from 0 to 100; default 0
 */
public record RehearsalRequirement(Integer devices, Integer maxFailurePercent) {
    public static final int MAX_DEVICES = 100_000;

    public RehearsalRequirement {
        if (devices == null || devices < 1 || devices > MAX_DEVICES) {
            throw new DroverException(RolloutErrors.INVALID, "a rehearsal needs devices from 1 to " + MAX_DEVICES
                    + ": " + devices);
        }
        if (maxFailurePercent == null) {
            maxFailurePercent = 0;
        }
        if (maxFailurePercent < 0 || maxFailurePercent > 100) {
            throw new DroverException(RolloutErrors.INVALID, "a rehearsal's maxFailurePercent must be from 0 to 100: "
                    + maxFailurePercent);
        }
    }

    /**
     * Whether {@code result} passes: enough devices, as the emulator predicted from their faults, none bricked, and
     * few enough not updated. Judged here, never taken from whoever ran the rehearsal.
     */
    RehearsalVerdict judge(RehearsalResult result) {
        if (result.devices() < devices) {
            return RehearsalVerdict.failed(result.devices() + " devices rehearsed, fewer than the " + devices
                    + " required");
        }
        if (!result.asPredicted()) {
            return RehearsalVerdict.failed(result.mismatchCount() + " devices did not end as their faults predict: "
                    + String.join("; ", result.mismatches()));
        }
        if (result.bricked() > 0) {
            return RehearsalVerdict.failed(result.bricked() + " devices would not boot a valid slot");
        }
        int notUpdated = result.devices() - result.updated();
        if ((long) notUpdated * 100 > (long) maxFailurePercent * result.devices()) {
            return RehearsalVerdict.failed("%d of %d devices did not end on the release (%d rolled back, %d failed, %d unchanged), more than the %d %% allowed"
                    .formatted(notUpdated, result.devices(), result.rolledBack(), result.failed(), result.unchanged(),
                            maxFailurePercent));
        }
        return new RehearsalVerdict(true, "%d of %d devices updated".formatted(result.updated(), result.devices()));
    }
}
