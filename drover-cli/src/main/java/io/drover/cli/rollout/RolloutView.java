package io.drover.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.rollout.ReportStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A rollout as the management API returns it ({@code GET /api/v1/rollouts/{id}}), written for people: a one-line
 * summary, a line of progress, and a table with a row per wave and a column per reported status.
 */
final class RolloutView {
    private static final String ROW = "%-4s %6s %7s %5s %8s %7s %7s";

    private RolloutView() {}

    /** For example {@code rollout 7 PAUSED in wave 1 of 2: checking a field report}. */
    static String summary(JsonNode rollout) {
        String reason = text(rollout, "statusReason");
        return "rollout " + rollout.path("id").asLong() + " " + rollout.path("status").asText() + " in wave "
                + rollout.path("currentWave").asInt() + " of " + rollout.path("waves").size()
                + (reason == null ? "" : ": " + reason);
    }

    /** The summary, the current wave's counts and what it waits for, on one line; equal lines mean no change. */
    static String progress(JsonNode rollout) {
        JsonNode wave = rollout.path("waves").path(rollout.path("currentWave").asInt() - 1);
        StringBuilder line = new StringBuilder(summary(rollout)).append(" | wave ")
                .append(wave.path("number").asInt()).append(": ").append(count(wave, "devices")).append(" devices, ")
                .append(count(wave, "pending")).append(" pending");
        for (ReportStatus status : ReportStatus.values()) {
            long n = wave.path("reports").path(status.name()).asLong();
            if (n > 0) {
                line.append(", ").append(n).append(' ').append(label(status));
            }
        }
        String next = text(rollout, "next");
        return next == null ? line.toString() : line.append(" | next: ").append(next).toString();
    }

    /** The whole rollout: what it rolls out where, how it stands, and a row per wave (the current one marked). */
    static List<String> table(JsonNode rollout) {
        List<String> lines = new ArrayList<>();
        String filter = text(rollout, "filter");
        lines.add("rollout " + rollout.path("id").asLong() + ": release " + rollout.path("releaseId").asLong()
                + " to class " + rollout.path("className").asText()
                + (filter == null ? "" : " where " + filter) + ", priority " + rollout.path("priority").asInt());
        lines.add("status:  " + rollout.path("status").asText() + " in wave " + rollout.path("currentWave").asInt()
                + " of " + rollout.path("waves").size() + ", since " + rollout.path("waveStartedAt").asText());
        String reason = text(rollout, "statusReason");
        if (reason != null) {
            lines.add("reason:  " + reason);
        }
        String next = text(rollout, "next");
        if (next != null) {
            lines.add("next:    " + next);
        }
        JsonNode plan = rollout.path("plan");
        String canary = text(plan, "canaryGroup");
        if (canary != null) {
            lines.add("canary:  group " + canary + " is in wave 1");
        }
        JsonNode gate = plan.path("healthGate");
        if (gate.isObject()) {
            lines.add("health:  updated devices may report trouble at most " + number(gate.path("marginPercent"))
                    + " points more often than those not yet updated, judged from " + gate.path("minDevices").asLong()
                    + " devices" + (gate.path("rollbackOnHalt").asBoolean()
                            ? "; a halt by it tells the updated devices to roll back" : ""));
        }
        rehearsal(rollout).ifPresent(lines::add);
        safety(rollout.path("safety")).ifPresent(lines::add);
        lines.add("");
        StringBuilder header = new StringBuilder(ROW.formatted("wave", "share", "soak", "need", "max fail", "devices",
                "pending"));
        for (ReportStatus status : ReportStatus.values()) {
            header.append(' ').append(label(status));
        }
        lines.add(header.toString());
        int current = rollout.path("currentWave").asInt();
        for (JsonNode wave : rollout.path("waves")) {
            JsonNode spec = wave.path("wave");
            int number = wave.path("number").asInt();
            StringBuilder row = new StringBuilder(ROW.formatted((number == current ? "> " : "  ") + number,
                    number(spec.path("percent")) + "%", spec.path("soak").asText(),
                    number(spec.path("successPercent")) + "%", maxFailures(spec), count(wave, "devices"),
                    count(wave, "pending")));
            for (ReportStatus status : ReportStatus.values()) {
                row.append(' ').append(("%" + label(status).length() + "d")
                        .formatted(wave.path("reports").path(status.name()).asLong()));
            }
            lines.add(row.toString());
        }
        return lines;
    }

    /** What the rollout's rehearsal requires, and how the last one went, when it requires one. */
    private static Optional<String> rehearsal(JsonNode rollout) {
        JsonNode required = rollout.path("rehearsal");
        if (!required.isObject()) {
            return Optional.empty();
        }
        String need = "rehearsal on " + required.path("devices").asInt() + " devices, at most "
                + required.path("maxFailurePercent").asInt() + "% not updated";
        JsonNode last = rollout.path("lastRehearsal");
        return Optional.of("rehearse: " + need + (last.isObject()
                ? "; last " + (last.at("/verdict/passed").asBoolean() ? "passed" : "failed") + " at "
                        + last.path("at").asText() + ": " + last.at("/verdict/reason").asText()
                : "; none yet"));
    }

    /**
     * The rollout's safety conditions, windows written as {@code --window} takes them:
     * {@code safety:  windows in Europe/Berlin SAT,SUN@01:00+PT4H; in_depot = true}.
     */
    private static Optional<String> safety(JsonNode safety) {
        if (!safety.isObject()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        List<String> windows = new ArrayList<>();
        for (JsonNode window : safety.path("windows")) {
            List<String> days = new ArrayList<>();
            window.path("days").forEach(day -> days.add(day.asText().substring(0, 3)));
            windows.add((days.size() == 7 ? "" : String.join(",", days) + "@") + window.path("start").asText() + "+"
                    + window.path("length").asText());
        }
        if (!windows.isEmpty()) {
            parts.add("windows in " + safety.path("timeZone").asText() + " " + String.join(", ", windows));
        }
        safety.path("attributes").properties().forEach(a -> parts.add(a.getKey() + " = " + a.getValue().asText()));
        return Optional.of("safety:  " + String.join("; ", parts));
    }

    private static String label(ReportStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** A count the server has not made yet (a wave's size before the controller's first pass) shows as {@code ?}. */
    private static String count(JsonNode wave, String field) {
        JsonNode n = wave.path(field);
        return n.isNumber() ? Long.toString(n.asLong()) : "?";
    }

    private static String maxFailures(JsonNode wave) {
        List<String> limits = new ArrayList<>();
        if (wave.path("maxFailures").isNumber()) {
            limits.add(Long.toString(wave.path("maxFailures").asLong()));
        }
        if (wave.path("maxFailurePercent").isNumber()) {
            limits.add(number(wave.path("maxFailurePercent")) + "%");
        }
        return limits.isEmpty() ? "-" : String.join(",", limits);
    }

    private static String number(JsonNode n) {
        return n.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}
