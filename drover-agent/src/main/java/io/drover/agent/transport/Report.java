package io.drover.agent.transport;

import java.util.Map;
import java.util.Objects;

/**
 * Body of {@code POST /device/v1/reports}.
 *
 * @param releaseId the release the report is about: the assignment's, which may be an intermediate release the server
 *     plans on the way to its rollout's (null only in a report saved by an agent that predates it)
 * @param reason why an update failed ({@code "<code>: <message>"}), null otherwise
 * @param inventory component to version now running on the device
 * @param digests component to the SHA-256 (hex) of its image, for those images the agent knows
 * @param signedReport a final report's SUIT_Report, signed with the device's identity key and base64-encoded, stating
 *     what the other fields state; null for a progress report
 */
public record Report(long rolloutId, Long releaseId, ReportStatus status, String reason,
        Map<String, String> inventory, Map<String, String> digests, String signedReport) {
    public Report {
        Objects.requireNonNull(status, "status");
        inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        // A report saved by an agent that predates digests reads back without them.
        digests = digests == null ? Map.of() : Map.copyOf(digests);
        if (status == ReportStatus.FAILURE && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a FAILURE report needs a reason");
        }
    }

    /** A report without digests or signature: progress. */
    public Report(long rolloutId, long releaseId, ReportStatus status, String reason, Map<String, String> inventory) {
        this(rolloutId, releaseId, status, reason, inventory, Map.of(), null);
    }

    public static Report progress(long rolloutId, long releaseId, ReportStatus status, Map<String, String> inventory) {
        return new Report(rolloutId, releaseId, status, null, inventory);
    }
}
