package io.drover.cli.server;

import static org.awaitility.Awaitility.await;

import io.drover.cli.DroverCli;
import io.drover.server.store.DatabaseSettings;
import io.drover.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One {@code drover server} node in a child JVM, on a database and blob folder it may share with other nodes. Its
 * output goes to {@code <name>.log}, which a failed wait quotes. Close it to stop it as SIGTERM does.
 */
final class ServerNode implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Drover server listening on (http://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Process process;
    private final Path log;

    private ServerNode(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts a node on a free port of 127.0.0.1 with the tests' admin token; returns at once (see {@link #awaitUrl}). */
    static ServerNode start(String name, Path logDir, DatabaseSettings database, Path dataDir, Duration rolloutPassInterval)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), DroverCli.class.getName(),
                "server", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString(),
                "--db-url", database.jdbcUrl(), "--admin-token", TestServer.ADMIN_TOKEN,
                "--rollout-pass-interval", rolloutPassInterval.toString()));
        database.user().ifPresent(user -> command.addAll(List.of("--db-user", user)));
        database.schema().ifPresent(schema -> command.addAll(List.of("--db-schema", schema)));
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile()))
                .start();
        return new ServerNode(name, process, log);
    }

    /** Waits until the node listens and returns its base URL. */
    URI awaitUrl() {
        try {
            return await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(this::listeningUrl,
                    Optional::isPresent).orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("node " + name + " did not start" + (process.isAlive() ? "" : " (it exited)")
                    + "; its log:\n" + logText(), e);
        }
    }

    private Optional<URI> listeningUrl() {
        if (!process.isAlive()) {
            throw new AssertionError("node " + name + " exited with " + process.exitValue() + "; its log:\n" + logText());
        }
        Matcher m = LISTENING.matcher(logText());
        return m.find() ? Optional.of(URI.create(m.group(1))) : Optional.empty();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the node as SIGTERM does (finishing requests, closing the pool); kills it if it does not stop in time. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
