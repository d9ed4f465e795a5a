package io.drover.agent.transport;

import java.util.Map;
import java.util.Objects;

/**
 * Body of {@code POST /device/v1/reports}.
 *
 * @param releaseId the release the report is about: the assignment's, which may be an intermediate release the server
 *     plans on the way to its rollout's (null only in a report saved by an agent that predates it)
 * @param reason why an update failed or is retried ({@code "<code>: <message>"}), or what it waits for; null when
 *     the status needs none. Cut to {@link #MAX_REASON} characters, the most the server takes, so that a long
 *     message cannot get a report refused.
 * @param inventory component to version now running on the device
 * @param digests component to the SHA-256 (hex) of its image, for those images the agent knows
 * @param signedReport a final report's SUIT_Report, signed with the device's identity key and base64-encoded, stating
 *     what the other fields state; null for a progress report
 */
public record Report(long rolloutId, Long releaseId, ReportStatus status, String reason,
        Map<String, String> inventory, Map<String, String> digests, String signedReport) {
    public static final int MAX_REASON = 1000;

    public Report {
        Objects.requireNonNull(status, "status");
        inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        // A report saved by an agent that predates digests reads back without them.
        digests = digests == null ? Map.of() : Map.copyOf(digests);
        if (status.needsReason() && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a " + status + " report needs a reason");
        }
        reason = fitReason(reason);
    }

    /** A report without digests or signature: progress. */
    public Report(long rolloutId, long releaseId, ReportStatus status, String reason, Map<String, String> inventory) {
        this(rolloutId, releaseId, status, reason, inventory, Map.of(), null);
    }

    public static Report progress(long rolloutId, long releaseId, ReportStatus status, Map<String, String> inventory) {
        return new Report(rolloutId, releaseId, status, null, inventory);
    }

    /**
     * {@code reason} cut to {@link #MAX_REASON} characters (ending in an ellipsis, never splitting a character), or as
     * it is when it fits. A signed report must state the reason cut the same way, since the server compares the two.
     */
    public static String fitReason(String reason) {
        if (reason == null || reason.length() <= MAX_REASON) {
            return reason;
        }
        int end = Character.isHighSurrogate(reason.charAt(MAX_REASON - 2)) ? MAX_REASON - 2 : MAX_REASON - 1;
        return reason.substring(0, end) + "…";
    }
}
