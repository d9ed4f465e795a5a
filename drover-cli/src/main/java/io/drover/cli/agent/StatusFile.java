package io.drover.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.agent.AgentStatus;
import io.drover.agent.CycleOutcome;
import io.drover.agent.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code dataDir/status.json}: what the device runs and how its last cycle ended, for local tools and the device's
 * application. Replaced atomically after every cycle, so a reader never sees half a file.
 *
 * <pre>{@code
 * {"activeSlot":"B","installedSequence":3,"inventory":{"app":"1.1.0"},"lastOutcome":"Waiting",
 *  "waitingReason":"maintenance window opens 2026-11-29T02:00+01:00","updatedAt":"2026-11-28T12:00:00Z"}
 * }</pre>
 */
final class StatusFile {
    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final Clock clock;

    StatusFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    void write(AgentStatus status) {
        ObjectNode node = json.createObjectNode();
        node.put("activeSlot", status.activeSlot().name());
        node.put("installedSequence", status.installedSequence());
        ObjectNode inventory = node.putObject("inventory");
        status.inventory().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> inventory.put(e.getKey(), e.getValue()));
        node.put("lastOutcome", status.lastOutcome().map(o -> o.getClass().getSimpleName()).orElse(null));
        node.put("waitingReason", status.lastOutcome().map(StatusFile::waitingReason).orElse(null));
        node.put("updatedAt", clock.instant().toString());
        try {
            Files.createDirectories(file.getParent()); // Before the first cycle the agent has not made it yet.
            AtomicFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
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
