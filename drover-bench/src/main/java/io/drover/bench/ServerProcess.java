package io.drover.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code drover server} in a child process on embedded defaults, so that a harness can measure the server's CPU
 * apart from its own. Started with {@code --port 0} and the extra options given; ready once it printed the lines the
 * harness waits for.
 */
final class ServerProcess implements AutoCloseable {
    static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
    private static final Pattern LISTENING = Pattern.compile("Drover server listening on (http://\\S+)");

    private final Process process;
    private final URI base;
    private final List<String> lines;

    private ServerProcess(Process process, URI base, List<String> lines) {
        this.process = process;
        this.base = base;
        this.lines = lines;
    }

    /** Starts a server on {@code dataDir} and waits until it printed a line matching each of {@code awaited}. */
    static ServerProcess start(Path dataDir, List<String> options, Pattern... awaited) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.drover.cli.DroverCli", "server", "--port", "0", "--data-dir", dataDir.toString(), "--admin-token",
                ADMIN_TOKEN));
        command.addAll(options);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> seen = new ArrayList<>();
        URI base = null;
        String line;
        while ((base == null || !allSeen(seen, awaited)) && (line = out.readLine()) != null
                && System.nanoTime() < deadline) {
            seen.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                base = URI.create(m.group(1));
            }
        }
        if (base == null || !allSeen(seen, awaited)) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start: " + String.join("\n", seen));
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its log
        return new ServerProcess(process, base, seen);
    }

    private static boolean allSeen(List<String> lines, Pattern... awaited) {
        for (Pattern p : awaited) {
            if (lines.stream().noneMatch(l -> p.matcher(l).find())) {
                return false;
            }
        }
        return true;
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** The first group of the first line the server printed at start that matches {@code pattern}. */
    String printed(Pattern pattern) {
        return lines.stream().map(pattern::matcher).filter(Matcher::find).findFirst().orElseThrow().group(1);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
