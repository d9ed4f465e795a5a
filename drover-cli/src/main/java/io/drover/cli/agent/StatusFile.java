package io.drover.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.agent.AgentStatus;
import io.drover.agent.CycleOutcome;
import io.drover.agent.UpdateStep;
import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.ledger.LedgerAlarm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code dataDir/status.json}: what the device runs, how its last cycle ended and the last step an update reached
 * (with {@code pausedAt} when {@code --pause-at} holds the agent there), for local tools and the device's
 * application. Replaced atomically after every cycle and every step, so a reader never sees half a file. Written
 * only from the agent's loop thread.
 *
 * <pre>{@code
 * {"activeSlot":"B","installedSequence":3,"inventory":{"app":"1.1.0"},"lastOutcome":"Installed",
 *  "waitingReason":null,"updateStep":"REPORTED","pausedAt":null,"ledgerAlarm":null,
 *  "updatedAt":"2026-11-28T12:00:00Z"}
 * }</pre>
 *
 * {@code ledgerAlarm}, when a fork alarm stands, is {@code {"reason", "kept", "offered", "raisedAt"}} with both tree
 * heads as the ledger API writes them.
 */
final class StatusFile {
    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final Clock clock;
    private AgentStatus status;
    private UpdateStep step;
    private boolean paused;

    StatusFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** The agent's status after a cycle (or at its start). */
    void write(AgentStatus current) {
        status = current;
        write();
    }

    /** The step an update reached, and whether the agent is held there; the agent's status as last written. */
    void write(UpdateStep reached, boolean pausedThere) {
        step = reached;
        paused = pausedThere;
        write();
    }

    private void write() {
        ObjectNode node = json.createObjectNode();
        node.put("activeSlot", status.activeSlot().name());
        node.put("installedSequence", status.installedSequence());
        ObjectNode inventory = node.putObject("inventory");
        status.inventory().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> inventory.put(e.getKey(), e.getValue()));
        node.put("lastOutcome", status.lastOutcome().map(o -> o.getClass().getSimpleName()).orElse(null));
        node.put("waitingReason", status.lastOutcome().map(StatusFile::waitingReason).orElse(null));
        node.put("updateStep", step == null ? null : step.name());
        node.put("pausedAt", paused ? step.name() : null);
        node.set("ledgerAlarm", status.ledgerAlarm().map(this::alarm).orElse(null));
        node.put("updatedAt", clock.instant().toString());
        try {
            Files.createDirectories(file.getParent()); // Before the first cycle the agent has not made it yet.
            AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
    }

    private ObjectNode alarm(LedgerAlarm alarm) {
        ObjectNode node = json.createObjectNode();
        node.put("reason", alarm.reason());
        node.set("kept", alarm.kept() == null ? null : json.valueToTree(alarm.kept()));
        node.set("offered", json.valueToTree(alarm.offered()));
        node.put("raisedAt", alarm.raisedAt().toString());
        return node;
    }

    private static String waitingReason(CycleOutcome outcome) {
        return switch (outcome) {
            case CycleOutcome.Waiting waiting -> waiting.reason();
            case CycleOutcome.NothingToDo n -> null;
            case CycleOutcome.Installed i -> null;
            case CycleOutcome.Rejected r -> null;
            case CycleOutcome.DownloadFailed d -> null;
            case CycleOutcome.RolledBack r -> null;
        };
    }
}
