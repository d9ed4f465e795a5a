package io.drover.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.UpdateStep;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.StateStore;
import io.drover.cli.DroverCli;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One device whose agent daemon ({@code drover agent}) runs over the device's own folder, as a real child JVM:
 * (optionally with {@code --pause-at}) to be killed with SIGKILL, or to finish what the killed one left and be stopped
 * with SIGTERM; inspected on disk in between. Every child appends to {@code daemon.log} in the device's folder, which a
 * failed wait quotes.
 */
final class DaemonDevice implements AutoCloseable {
    /** SIGKILL: the exit status of a process the kernel killed with signal 9 is 128 + 9. */
    static final int KILLED = 137;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final String id;
    final Path dataDir;
    private final Path config;
    private final Path log;
    private final List<Process> children = new ArrayList<>();

    /** @param config the daemon's config file; its {@code dataDir} must be {@code dataDir} */
    DaemonDevice(String id, Path config, Path dataDir) {
        this.id = id;
        this.config = config;
        this.dataDir = dataDir;
        this.log = config.resolveSibling("daemon.log");
    }

    /** Starts the daemon, without pausing or paused at the first {@code pauseAt}. */
    Process start(Optional<UpdateStep> pauseAt) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Short-lived JVMs: the quickest start matters more than peak speed.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), DroverCli.class.getName(),
                "agent", "--config", config.toString()));
        pauseAt.ifPresent(step -> command.addAll(List.of("--pause-at", step.name())));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile())).start();
        children.add(process);
        return process;
    }

    /** Waits until the daemon holds at {@code step}, as its status file says. */
    void awaitPausedAt(UpdateStep step) {
        awaitOrExplain("paused at " + step, () -> step.name().equals(status().path("pausedAt").asText()));
    }

    /** Cuts the daemon's power: SIGKILL, no shutdown hook, no finally block. */
    static void kill(Process daemon) throws InterruptedException {
        daemon.destroyForcibly();
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
        assertThat(daemon.exitValue()).as("exit status of a SIGKILLed process").isEqualTo(KILLED);
    }

    /**
     * Stops the daemon as its service manager would, with SIGTERM. (AgentCommandTest checks what a clean stop logs; here
     * it only has to end before the device is inspected.)
     */
    void stop(Process daemon) throws InterruptedException {
        daemon.destroy();
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).as("%s stopped on SIGTERM", id).isTrue();
    }

    /**
     * Waits until the running daemon's update has reached {@code step} or a later one, or the device is done with
     * {@code releaseId}.
     */
    void awaitStepOrJudged(UpdateStep step, long releaseId) {
        awaitOrExplain(step + " or later", () -> {
            JsonNode reached = status().path("updateStep");
            return reached.isTextual() && UpdateStep.valueOf(reached.asText()).compareTo(step) >= 0
                    || isJudged(releaseId);
        });
    }

    /** Waits until the agent has judged {@code releaseId} (installed or refused it) and the server took its report. */
    void awaitJudged(long releaseId) {
        awaitOrExplain("release " + releaseId + " judged and reported", () -> isJudged(releaseId));
    }

    private boolean isJudged(long releaseId) throws IOException {
        return state().filter(s -> s.trial() == null && s.pendingReport() == null)
                .filter(s -> Long.valueOf(releaseId).equals(s.installedReleaseId())
                        || Long.valueOf(releaseId).equals(s.refusedReleaseId()))
                .isPresent();
    }

    /** Clears the status file, so that the next start's first write shows that its agent is up. */
    void forgetStatus() throws IOException {
        Files.deleteIfExists(statusFile());
    }

    /** The agent's saved state; empty before its first save (the factory state: slot A active). */
    Optional<AgentState> state() throws IOException {
        return new StateStore(dataDir).load();
    }

    JsonNode status() throws IOException {
        Path file = statusFile();
        return Files.exists(file) ? new ObjectMapper().readTree(file.toFile()) : new ObjectMapper().createObjectNode();
    }

    Path slot(SlotId slot) {
        return dataDir.resolve("slots").resolve(slot.name());
    }

    /** Component to SHA-256 of every complete image in {@code slot}; partial and temporary files are no images. */
    Map<String, String> imagesIn(SlotId slot) throws IOException {
        Map<String, String> images = new TreeMap<>();
        Path directory = slot(slot);
        if (!Files.isDirectory(directory)) {
            return images;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.img")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try (InputStream in = Files.newInputStream(file)) {
                    images.put(name.substring(0, name.length() - ".img".length()), ImageDigest.of(in).sha256());
                }
            }
        }
        return images;
    }

    /** The size of the download of {@code sha256} in progress into {@code slot}, or empty when there is none. */
    Optional<Long> partialSize(SlotId slot, String component, String sha256) throws IOException {
        Path partial = slot(slot).resolve(component + "." + sha256 + ".part");
        return Files.exists(partial) ? Optional.of(Files.size(partial)) : Optional.empty();
    }

    private Path statusFile() {
        return dataDir.resolve("status.json");
    }

    /** Waits for {@code condition}; fails at once, quoting the log, if the daemon started last has exited. */
    private void awaitOrExplain(String what, Callable<Boolean> condition) {
        Process last = children.isEmpty() ? null : children.getLast();
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (condition.call()) {
                    return true;
                }
                if (last != null && !last.isAlive()) {
                    throw new AssertionError(id + ": the daemon exited (status " + last.exitValue()
                            + ") before " + what + "; daemon log:\n" + logTail());
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(id + ": timed out waiting for " + what + "; daemon log:\n" + logTail(), e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills whatever this device still runs. */
    @Override
    public void close() {
        children.forEach(Process::destroyForcibly);
    }
}
