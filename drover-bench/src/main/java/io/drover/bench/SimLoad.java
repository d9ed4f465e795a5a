package io.drover.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.DroverCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code ./drover bench sim [devices] [poll-interval]}: that many emulated devices without faults take one update
 * from one embedded server (H2), through {@code drover sim}. Prints devices updated per second (from the moment
 * the agents start until every device reported), the wall time of the whole run, and the heap each idle agent
 * holds (used heap after GC with every agent idle, minus the same before they started, per agent). The poll
 * interval defaults to one second per thousand devices, so the fleet checks in about 1,000 times a second whatever
 * its size. The devices' data is deleted afterwards.
 */
public final class SimLoad {
    private SimLoad() {}

    public static void main(String[] args) throws IOException {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        String pollInterval = args.length > 1 ? args[1] : Duration.ofMillis(Math.max(1_000, devices)).toString();
        Path dir = Files.createTempDirectory("drover-bench-sim");
        Path summaryFile = dir.resolve("summary.json");
        int code = DroverCli.run("sim", "--devices", Integer.toString(devices), "--fault-rate", "0", "--seed", "1",
                "--poll-interval", pollInterval, "--timeout", "PT15M", "--data-dir", dir.resolve("data").toString(),
                "--summary-json", summaryFile.toString());
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        double rolloutSeconds = summary.get("rolloutMillis").asLong() / 1000.0;
        System.out.printf("%n%d devices, poll interval %s: %d updated in %.1f s = %.0f devices/s; whole run %.1f s; "
                        + "heap per idle agent %.1f KiB%n",
                devices, pollInterval, summary.get("updated").asInt(), rolloutSeconds,
                summary.get("updated").asInt() / rolloutSeconds, summary.get("wallMillis").asLong() / 1000.0,
                summary.get("heapPerIdleAgentBytes").asLong() / 1024.0);
        // Ten thousand devices leave close to a gigabyte of slots and state behind; the figures are all that is kept.
        deleteTree(dir);
        System.exit(code);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
