package io.drover.server.rollout;

import io.drover.error.DroverException;
import java.util.Map;

/**
 * A device's report on a rollout: its status, why it failed, retries or waits (a FAILURE, RETRYING or WAITING report
 * must say), and what it runs now (component → version). A final report (SUCCESS or FAILURE) must carry the inventory.
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
        if (status.needsReason() && (reason == null || reason.isBlank())) {
            throw new DroverException(RolloutErrors.INVALID_REPORT, "a " + status + " report needs a reason");
        }
        if (status.isFinal() && (inventory == null || inventory.isEmpty())) {
            throw new DroverException(RolloutErrors.INVALID_REPORT, "a " + status + " report must list the device's inventory");
        }
        inventory = inventory == null ? Map.of() : Map.copyOf(inventory);
    }
}
