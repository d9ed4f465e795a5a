package io.drover.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.AgentStatus;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.cli.api.ManagementClient;
import io.drover.cli.release.ReleaseDescription;
import io.drover.cli.release.ReleaseSigner;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.rollout.NewRollout;
import io.drover.sim.DeviceFaults;
import io.drover.sim.EmulatedDevice;
import io.drover.sim.FaultPlan;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One simulation: a vendor defines the classes and signs one release per class, the operator registers the devices
 * and rolls every release out, and emulated devices with faults update. The verdict compares every device with what
 * its class and faults predict, and with what the server recorded for it.
 */
final class SimRun {
    private static final String COMPONENT = "app";
    private static final String FACTORY = "1.0.0";
    private static final String NEW = "1.1.0";
    private static final int IMAGE_BYTES = 64 * 1024;

    private final PrintStream out;
    private final Path dataDir;
    private final SimSettings settings;
    private final UUID vendorId;

    SimRun(PrintStream out, Path dataDir, SimSettings settings) {
        this.out = out;
        this.dataDir = dataDir.toAbsolutePath();
        this.settings = settings;
        this.vendorId = UUID.nameUUIDFromBytes(("drover-sim-vendor-" + settings.seed()).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs against {@code server}, or an embedded server on H2 when it is null. */
    SimSummary run(URI server, String adminToken) throws IOException, InterruptedException {
        emptyDataDir();
        if (server != null) {
            return simulate(server, adminToken);
        }
        String token = "sim-admin-token-" + UUID.randomUUID();
        try (DroverServer embedded = DroverServer.start(
                ServerConfig.embedded(dataDir.resolve("server"), "127.0.0.1", 0, token), Clock.systemUTC())) {
            URI base = embedded.baseUrl("127.0.0.1");
            out.println("embedded server (H2) on " + base);
            return simulate(base, token);
        }
    }

    private SimSummary simulate(URI base, String adminToken) throws IOException, InterruptedException {
        long started = System.nanoTime();
        ManagementClient api = new ManagementClient(base, adminToken);
        SigningKey vendorKey = SigningKey.generate(SignatureAlgorithm.ED25519);
        Map<String, UUID> classIds = new LinkedHashMap<>();
        for (String className : settings.classNames()) {
            UUID classId = UUID.nameUUIDFromBytes((vendorId + className).getBytes(StandardCharsets.UTF_8));
            api.defineClass(className, vendorId, classId, List.of(COMPONENT));
            api.trustSigner(className, vendorKey.verificationKey().toPem());
            classIds.put(className, classId);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 0; i < settings.devices(); i++) {
            tokens.put(settings.deviceId(i), api.registerDevice(settings.deviceId(i), settings.classOf(i),
                    Map.of(COMPONENT, FACTORY)));
        }
        out.printf("%d classes, %d devices registered%n", classIds.size(), tokens.size());

        Map<String, Long> rollouts = new LinkedHashMap<>();
        for (var entry : classIds.entrySet()) {
            rollouts.put(entry.getKey(), rollOut(api, vendorKey, entry.getKey(), entry.getValue()));
        }
        FaultPlan plan = new FaultPlan(settings.faultRate(), settings.seed());
        List<EmulatedDevice> devices = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            try {
                long heapBefore = usedHeapAfterGc();
                long agentsStarted = System.nanoTime();
                for (int i = 0; i < settings.devices(); i++) {
                    devices.add(startDevice(i, base, plan, http, tokens, classIds, vendorKey));
                }
                boolean finished = awaitReports(api, rollouts);
                Duration rollout = Duration.ofNanos(System.nanoTime() - agentsStarted);
                out.println(finished ? "every device reported" : "timed out after " + settings.timeout());
                long heapPerAgent = Math.max(0, usedHeapAfterGc() - heapBefore) / settings.devices();
                return summarize(api, devices, rollouts, new Timing(rollout, Duration.ofNanos(System.nanoTime() - started),
                        heapPerAgent));
            } finally {
                devices.forEach(EmulatedDevice::close);
            }
        }
    }

    private long rollOut(ManagementClient api, SigningKey key, String className, UUID classId) throws IOException {
        Path folder = Files.createDirectories(dataDir.resolve("vendor").resolve(className));
        Path firmware = folder.resolve("app-" + NEW + ".bin");
        byte[] image = new byte[IMAGE_BYTES];
        new SplittableRandom(settings.seed() ^ className.hashCode()).nextBytes(image);
        Files.write(firmware, image);
        ReleaseDescription description = new ReleaseDescription(vendorId, classId, 1L, List.of(
                new ReleaseDescription.Component(COMPONENT, NEW, firmware.getFileName().toString(), null, null)));
        byte[] envelope = ReleaseSigner.sign(key, description, folder, Optional.of(folder.resolve("release-1.suit")));
        api.uploadArtifact(firmware, HexFormat.of().formatHex(ReleaseSigner.digestOf(firmware)));
        long releaseId = api.uploadRelease(className, envelope).get("id").asLong();
        long rolloutId = api.startRollout(NewRollout.everyone(releaseId)).get("id").asLong();
        out.printf("%s: release %d signed, rollout %d started%s%n", className, releaseId, rolloutId,
                className.equals(settings.badClass()) ? " (this release fails its health check)" : "");
        return rolloutId;
    }

    private EmulatedDevice startDevice(int index, URI base, FaultPlan plan, HttpClient http, Map<String, String> tokens,
            Map<String, UUID> classIds, SigningKey vendorKey) throws IOException {
        String id = settings.deviceId(index);
        String className = settings.classOf(index);
        DeviceFaults drawn = plan.faultsOf(id);
        DeviceFaults faults = new DeviceFaults(drawn.network(), className.equals(settings.badClass()),
                drawn.crashAt(), drawn.clockSkew(), drawn.offlineAtStart());
        AgentConfig config = new AgentConfig(base, tokens.get(id), dataDir.resolve("devices").resolve(id), vendorId,
                classIds.get(className), List.of(vendorKey.verificationKey()), Map.of(COMPONENT, FACTORY));
        EmulatedDevice.AgentFactory factory = (url, check, clock) -> Agent.builder(
                new AgentConfig(url, config.deviceToken(), config.dataDir(), config.vendorId(), config.classId(),
                        config.trustedKeys(), config.factoryInventory()), check, clock)
                .httpClient(http)
                .random(new SplittableRandom(settings.seed() ^ index));
        return EmulatedDevice.start(id, faults, base, new ImageDigestHealthCheck(), factory, Clock.systemUTC(),
                settings.seed() ^ index, settings.pollInterval());
    }

    /** Prints a progress line whenever the counts change; true once every device of every rollout reported. */
    private boolean awaitReports(ManagementClient api, Map<String, Long> rollouts) throws InterruptedException {
        Instant deadline = Instant.now().plus(settings.timeout());
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            long success = 0;
            long failure = 0;
            for (long rolloutId : rollouts.values()) {
                JsonNode reports = api.rollout(rolloutId).get("reports");
                success += reports.path("SUCCESS").asLong();
                failure += reports.path("FAILURE").asLong();
            }
            String progress = "reported: %d updated, %d failed, %d pending".formatted(success, failure,
                    settings.devices() - success - failure);
            if (!progress.equals(last)) {
                out.println(progress);
                last = progress;
            }
            if (success + failure == settings.devices()) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** What the run cost: the rollout's and the whole run's duration, and heap per idle agent. */
    private record Timing(Duration rollout, Duration wall, long heapPerAgent) {}

    /** Used heap once a full GC has run, so the number is what is reachable rather than garbage. */
    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private SimSummary summarize(ManagementClient api, List<EmulatedDevice> devices, Map<String, Long> rollouts,
            Timing timing) {
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        rollouts.values().forEach(id -> api.rolloutDevices(id).forEach(r -> reports.put(r.get("deviceId").asText(), r)));
        int updated = 0;
        int rolledBack = 0;
        int failed = 0;
        int restarts = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> mismatches = new ArrayList<>();
        for (EmulatedDevice device : devices) {
            restarts += device.restarts();
            Optional<AgentStatus> status = device.status();
            JsonNode report = reports.get(device.id());
            String reported = report == null ? "NONE" : report.get("status").asText();
            String runs = status.map(s -> s.inventory().get(COMPONENT)).orElse("(offline)");
            boolean onNew = NEW.equals(runs) && status.get().activeSlot() == SlotId.B;
            boolean onFactory = FACTORY.equals(runs) && status.get().activeSlot() == SlotId.A;
            if (reported.equals("SUCCESS") && onNew) {
                updated++;
            } else if (reported.equals("FAILURE") && onFactory) {
                rolledBack++;
            } else {
                failed++;
            }
            if (reported.equals("FAILURE")) {
                reasons.merge(errorCodeOf(report.path("reason").asText()), 1, Integer::sum);
            }
            boolean bad = device.faults().unhealthy();
            if (bad ? !(reported.equals("FAILURE") && onFactory) : !(reported.equals("SUCCESS") && onNew)) {
                mismatches.add(device.id() + ": predicted " + (bad ? "rolled back" : "updated") + ", agent runs "
                        + runs + ", server report " + reported);
            }
            if (report != null && !report.path("verified").asBoolean()) {
                mismatches.add(device.id() + ": the server holds no verified signed report");
            }
            String serverSees = api.device(device.id()).at("/inventory/" + COMPONENT).asText();
            if (!serverSees.equals(runs)) {
                mismatches.add(device.id() + ": agent runs " + runs + ", server records " + serverSees);
            }
        }
        SimSummary summary = new SimSummary(devices.size(), updated, rolledBack, failed, restarts, reasons, mismatches,
                timing.rollout().toMillis(), timing.wall().toMillis(), timing.heapPerAgent());
        print(summary);
        return summary;
    }

    /** Reasons start with the agent's error code ("agent.health-check-failed: …"); the code groups them. */
    private static String errorCodeOf(String reason) {
        int colon = reason.indexOf(':');
        return colon > 0 ? reason.substring(0, colon) : reason;
    }

    private void print(SimSummary summary) {
        out.println();
        out.printf("%-12s %8s%n", "devices", summary.devices());
        out.printf("%-12s %8s%n", "updated", summary.updated());
        out.printf("%-12s %8s%n", "rolled back", summary.rolledBack());
        out.printf("%-12s %8s%n", "failed", summary.failed());
        out.printf("%-12s %8s%n", "restarts", summary.restarts());
        summary.failureReasons().forEach((reason, count) -> out.printf("  %6d × %s%n", count, reason));
        summary.mismatches().forEach(m -> out.println("UNEXPECTED " + m));
        out.printf("%s; rollout %.1f s, whole run %.1f s, %.1f KiB heap per idle agent%n",
                summary.asPredicted() ? "as predicted" : "NOT as predicted", summary.rolloutMillis() / 1000.0,
                summary.wallMillis() / 1000.0, summary.heapPerIdleAgentBytes() / 1024.0);
    }

    private void emptyDataDir() throws IOException {
        if (Files.exists(dataDir)) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dataDir);
    }
}
