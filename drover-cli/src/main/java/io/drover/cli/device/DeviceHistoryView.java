package io.drover.cli.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.rollout.ReportStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of a device's history as the management API returns it ({@code GET /api/v1/devices/{id}/history}), as a
 * table with a row per entry, newest first.
 */
final class DeviceHistoryView {
    private static final String ROW = "%-8s %-24s %7s %-12s %4s %-12s %-8s %s";

    private DeviceHistoryView() {}

    /**
     * The table, or a line saying there is nothing; a full page ({@code limit} entries) ends with the option that
     * reads the next one.
     */
    static List<String> table(JsonNode history, int limit) {
        if (history.isEmpty()) {
            return List.of("no reports recorded");
        }
        List<String> lines = new ArrayList<>();
        lines.add(ROW.formatted("entry", "recorded at", "rollout", "release/seq", "wave", "status", "verified",
                "reason").stripTrailing());
        for (JsonNode entry : history) {
            JsonNode reason = entry.path("reason");
            lines.add(ROW.formatted(entry.path("id").asLong(), entry.path("recordedAt").asText(),
                    entry.path("rolloutId").asLong(),
                    entry.path("releaseId").asLong() + "/" + entry.path("releaseSequence").asLong(),
                    entry.path("wave").asInt(), entry.path("status").asText(),
                    verified(entry),
                    reason.isNull() || reason.isMissingNode() ? "" : reason.asText()).stripTrailing());
        }
        if (history.size() == limit) {
            lines.add("older entries: --before " + history.get(history.size() - 1).path("id").asLong());
        }
        return lines;
    }

    /** Only a final report is signed, so only its flag says something. */
    private static String verified(JsonNode entry) {
        if (!ReportStatus.valueOf(entry.path("status").asText()).isFinal()) {
            return "-";
        }
        return entry.path("verified").asBoolean() ? "yes" : "no";
    }
}
