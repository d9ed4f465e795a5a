package io.drover.agent.transport;

import java.util.Map;
import java.util.Objects;

/**
 * Body of {@code POST /device/v1/reports}.
 *
 * @param reason why an update failed or is retried ({@code "<code>: <message>"}), or what it waits for; null when
 *     the status needs none. Cut to {@link #MAX_REASON} characters, the most the server takes, so that a long
 *     message cannot get a report refused.
 * @param inventory component to version now running on the device
 */
public record Report(long rolloutId, ReportStatus status, String reason, Map<String, String> inventory) {
    public static final int MAX_REASON = 1000;

    public Report {
        Objects.requireNonNull(status, "status");
        inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        if (status.needsReason() && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a " + status + " report needs a reason");
        }
        if (reason != null && reason.length() > MAX_REASON) {
            int end = Character.isHighSurrogate(reason.charAt(MAX_REASON - 2)) ? MAX_REASON - 2 : MAX_REASON - 1;
            reason = reason.substring(0, end) + "…";
        }
    }

    public static Report progress(long rolloutId, ReportStatus status, Map<String, String> inventory) {
        return new Report(rolloutId, status, null, inventory);
    }
}
