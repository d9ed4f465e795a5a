package io.drover.bench;

import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.CycleOutcome;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.cli.api.ManagementClient;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./drover bench agent-cpu [check-ins] [rounds]}: the CPU one agent spends per idle check-in (the server
 * answers 304), measured as this process's CPU time over many {@link Agent#runOnce()} calls. The server runs in a
 * child process so that its CPU is not counted. Next to it, in the same run, the same number of bare conditional
 * GETs with the JDK HttpClient: the ratio is what the agent adds to the HTTP exchange itself.
 */
public final class AgentCheckInCpu {

    private AgentCheckInCpu() {}

    public static void main(String[] args) throws Exception {
        int checkIns = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("drover-bench-agent-cpu");
        ServerProcess server = ServerProcess.start(work.resolve("server"), List.of());
        try {
            URI base = server.base();
            ManagementClient admin = new ManagementClient(base, ServerProcess.ADMIN_TOKEN);
            UUID vendorId = UUID.randomUUID();
            UUID classId = UUID.randomUUID();
            SigningKey vendorKey = SigningKey.generate(SignatureAlgorithm.ED25519);
            admin.defineClass("bench", vendorId, classId, List.of("app"));
            admin.trustSigner("bench", vendorKey.verificationKey().toPem());
            String token = admin.registerDevice("bench-1", "bench", Map.of("app", "1.0"));
            AgentConfig config = new AgentConfig(base, token, work.resolve("agent"), vendorId, classId,
                    List.of(vendorKey.verificationKey()), Map.of("app", "1.0"));
            Files.createDirectories(config.dataDir().resolve("slots/A"));
            Files.writeString(config.dataDir().resolve("slots/A/app.img"), "factory image");
            try (Agent agent = Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC()).build();
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                agent.runOnce(); // registers the identity key and learns the idle ETag
                HttpRequest bare = HttpRequest.newBuilder(base.resolve("/device/v1/checkin"))
                        .header("Authorization", "Bearer " + token).header("If-None-Match", "\"idle\"").GET().build();
                System.out.printf("%d idle check-ins per round, %d rounds; CPU time of this process per check-in%n",
                        checkIns, rounds);
                for (int round = 1; round <= rounds; round++) {
                    Measured viaAgent = measure(checkIns, () -> {
                        if (!(agent.runOnce() instanceof CycleOutcome.NothingToDo)) {
                            throw new IllegalStateException("an idle check-in must end with nothing to do");
                        }
                    });
                    Measured bareGet = measure(checkIns, () -> {
                        if (http.send(bare, HttpResponse.BodyHandlers.discarding()).statusCode() != 304) {
                            throw new IllegalStateException("the idle check-in must be answered 304");
                        }
                    });
                    System.out.printf("round %d: agent %.1f µs CPU (%.1f µs wall), bare GET %.1f µs CPU (%.1f µs wall),"
                                    + " agent/bare CPU %.2f%n", round, viaAgent.cpuMicros(), viaAgent.wallMicros(),
                            bareGet.cpuMicros(), bareGet.wallMicros(), viaAgent.cpuMicros() / bareGet.cpuMicros());
                }
            }
        } finally {
            server.close();
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private record Measured(double cpuMicros, double wallMicros) {}

    private static Measured measure(int times, Step step) throws Exception {
        for (int i = 0; i < times / 10; i++) {
            step.run(); // warm-up
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        for (int i = 0; i < times; i++) {
            step.run();
        }
        return new Measured((os.getProcessCpuTime() - cpu) / 1000.0 / times, (System.nanoTime() - wall) / 1000.0 / times);
    }
}
