package io.drover.agent.transport;

import java.util.Map;
import java.util.Objects;

/**
 * Body of {@code POST /device/v1/reports}.
 *
 * @param reason why an update failed ({@code "<code>: <message>"}), null otherwise
 * @param inventory component to version now running on the device
 */
public record Report(long rolloutId, ReportStatus status, String reason, Map<String, String> inventory) {
    public Report {
        Objects.requireNonNull(status, "status");
        inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        if (status == ReportStatus.FAILURE && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a FAILURE report needs a reason");
        }
    }

    public static Report progress(long rolloutId, ReportStatus status, Map<String, String> inventory) {
        return new Report(rolloutId, status, null, inventory);
    }
}
