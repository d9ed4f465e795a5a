package io.drover.agent.state;

import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps {@link AgentState} in {@code dataDir/state.json}. Each save replaces the file atomically, so a power cut
 * leaves either the previous state or the new one, never a mixture.
 */
public final class StateStore {
    private final Path file;

    public StateStore(Path dataDir) {
        this.file = Objects.requireNonNull(dataDir, "dataDir").resolve("state.json");
    }

    /** The saved state, or empty before the first save. An unreadable file is an error, never silently "factory". */
    public Optional<AgentState> load() throws IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.reader(AgentState.class).readValue(content));
        } catch (IOException e) {
            throw new IOException("agent state " + file + " is unreadable; refusing to guess what is installed", e);
        }
    }

    public void save(AgentState state) throws IOException {
        AtomicFiles.createDirectories(file.getParent());
        AtomicFiles.write(file, Json.writer().withDefaultPrettyPrinter().writeValueAsBytes(state));
    }
}
