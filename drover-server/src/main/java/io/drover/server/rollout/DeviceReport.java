package io.drover.server.rollout;

import io.drover.error.DroverException;
import java.util.Map;

/**
 * A device's report on a rollout: its status, why it failed (if it did), and what it runs now (component → version).
 * A final report (SUCCESS or FAILURE) must carry the inventory.
 */
public record DeviceReport(Long rolloutId, ReportStatus status, String reason, Map<String, String> inventory) {
    private static final int MAX_REASON = 1000;

    public DeviceReport {
        if (rolloutId == null || status == null) {
            throw new DroverException(RolloutErrors.INVALID_REPORT, "a report needs a rolloutId and a status");
        }
        if (reason != null && reason.length() > MAX_REASON) {
            throw new DroverException(RolloutErrors.INVALID_REPORT, "a report's reason may have at most " + MAX_REASON + " characters");
        }
        boolean isFinal = status == ReportStatus.SUCCESS || status == ReportStatus.FAILURE;
        if (isFinal && (inventory == null || inventory.isEmpty())) {
            throw new DroverException(RolloutErrors.INVALID_REPORT, "a " + status + " report must list the device's inventory");
        }
        inventory = inventory == null ? Map.of() : Map.copyOf(inventory);
    }
}
