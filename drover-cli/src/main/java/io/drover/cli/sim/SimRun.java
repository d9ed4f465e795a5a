package io.drover.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.coap.CoapSettings;
import io.drover.agent.coap.PreSharedKey;
import io.drover.agent.gateway.BlobCache;
import io.drover.agent.gateway.BlobKind;
import io.drover.agent.gateway.GatewaySettings;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.safety.AttributeEquals;
import io.drover.agent.safety.AttributeSource;
import io.drover.agent.safety.SafetyPolicy;
import io.drover.agent.slot.FileSlotStore;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.cli.api.ManagementClient;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.coap.CoapServerSettings;
import io.drover.sim.BootAudit;
import io.drover.sim.BoundedHttpClient;
import io.drover.sim.DeviceFaults;
import io.drover.sim.DeviceLink;
import io.drover.sim.EmulatedDevice;
import io.drover.sim.FaultPlan;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.VerificationKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One simulation: a vendor ({@link SimRelease}) defines the classes and stores one release per class, the operator
 * registers the devices and rolls every release out, and emulated devices with faults, each with a factory image in slot A, update. Once
 * they stopped, the verdict ({@link SimVerdict}) compares what every device would boot with what its class and
 * faults predict, and with what the server recorded for it.
 */
final class SimRun {
    private static final int FACTORY_IMAGE_BYTES = 4 * 1024;
    private static final int REGISTRATIONS_AT_ONCE = 8;
    /** The embedded server judges waves this often, so that waves without soak move on within a poll or two. */
    private static final Duration ROLLOUT_PASS_INTERVAL = Duration.ofMillis(200);
    /** What a never-in-depot device's agent requires before it installs, and what its device reports instead. */
    private static final String IN_DEPOT = "in_depot";
    /** The embedded server tells observing CoAP devices of a new rollout within this. */
    private static final Duration OBSERVE_PASS_INTERVAL = Duration.ofMillis(200);
    /**
     * CoAP devices retransmit a request unanswered after this (RFC 7252 suggests 2 s): an emulated link is short, and
     * the run should not idle on losses.
     */
    private static final Duration COAP_ACK_TIMEOUT = Duration.ofMillis(500);
    private static final String GATEWAY_CLASS = "gateway";
    private static final String GATEWAY_DEVICE = "gateway-1";

    private final PrintStream out;
    private final Path dataDir;
    private final SimSettings settings;
    private final SimRelease release;
    private final List<VerificationKey> trustedKeys;
    private final byte[] factoryImage;
    private final ImageDigest factoryDigest;

    SimRun(PrintStream out, Path dataDir, SimSettings settings, SimRelease release) {
        this.out = out;
        this.dataDir = dataDir.toAbsolutePath();
        this.settings = settings;
        this.release = release;
        this.trustedKeys = release.trustedKeys();
        this.factoryImage = new byte[FACTORY_IMAGE_BYTES];
        new SplittableRandom(settings.seed()).nextBytes(factoryImage);
        this.factoryDigest = digestOf(factoryImage);
    }

    /**
     * Runs against {@code server}, or an embedded server on H2 when it is null; with CoAP classes, the embedded server
     * opens its DTLS port too.
     */
    SimSummary run(URI server, String adminToken) throws IOException, InterruptedException {
        emptyDataDir();
        if (server != null) {
            return simulate(server, adminToken, null);
        }
        String token = "sim-admin-token-" + UUID.randomUUID();
        ServerConfig config = ServerConfig.embedded(dataDir.resolve("server"), "127.0.0.1", 0, token)
                .withRolloutPassInterval(ROLLOUT_PASS_INTERVAL);
        if (!settings.coapClasses().isEmpty()) {
            config = config.withCoap(config.coap().withPorts(CoapServerSettings.OFF, 0)
                    .withObserve(OBSERVE_PASS_INTERVAL, settings.devices()));
        }
        try (DroverServer embedded = DroverServer.start(config, Clock.systemUTC())) {
            URI base = embedded.baseUrl("127.0.0.1");
            out.println("embedded server (H2) on " + base);
            URI coap = null;
            if (!settings.coapClasses().isEmpty()) {
                coap = URI.create("coaps://127.0.0.1:" + embedded.coap().dtlsPort().orElseThrow());
                out.println("its CoAP device API on " + coap + " for " + String.join(", ",
                        settings.coapClasses().stream().sorted().toList())
                        + (settings.gateway() ? ", envelopes and artifacts through a gateway" : ""));
            }
            return simulate(base, token, coap);
        }
    }

    /** @param coap the server's CoAP device API (DTLS), null without CoAP classes */
    private SimSummary simulate(URI base, String adminToken, URI coap) throws IOException, InterruptedException {
        long started = System.nanoTime();
        ManagementClient api = new ManagementClient(base, adminToken);
        Map<String, Long> releases = new LinkedHashMap<>();
        for (String className : settings.classNames()) {
            Path folder = Files.createDirectories(dataDir.resolve("vendor").resolve(className));
            releases.put(className, release.publish(api, className, folder));
        }
        Map<String, String> tokens = registerDevices(api);
        Map<String, PreSharedKey> psks = issuePsks(api);
        // Trusted as the server states it: a simulated fleet starts together with its server.
        VerificationKey ledgerKey = VerificationKey.fromPem(api.ledgerKey().get("publicKeyPem").asText());
        out.printf("%d classes, %d devices registered in %.1f s%n", releases.size(), tokens.size(),
                (System.nanoTime() - started) / 1e9);

        Map<String, Long> rollouts = new LinkedHashMap<>();
        for (var entry : releases.entrySet()) {
            rollouts.put(entry.getKey(), rollOut(api, entry.getKey(), entry.getValue()));
        }
        FaultPlan plan = new FaultPlan(settings.faultRate(), settings.seed());
        List<EmulatedDevice> devices = new ArrayList<>();
        try (BoundedHttpClient http = BoundedHttpClient.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build(), settings.maxConnections());
                Agent gateway = settings.gateway() ? startGateway(api, base, http) : null) {
            Links links = new Links(base, coap, gateway == null ? null : gateway.gateway().orElseThrow().url());
            Timing timing;
            try {
                for (int i = 0; i < settings.devices(); i++) {
                    writeFactoryImage(deviceDir(settings.deviceId(i)));
                }
                long heapBefore = usedHeapAfterGc();
                long agentsStarted = System.nanoTime();
                for (int i = 0; i < settings.devices(); i++) {
                    devices.add(startDevice(i, links, plan, http, tokens, psks, ledgerKey));
                }
                boolean finished = awaitEnd(api, rollouts, http);
                Duration rollout = Duration.ofNanos(System.nanoTime() - agentsStarted);
                out.println(finished ? "every rollout settled" : "timed out after " + settings.timeout());
                if (gateway != null) {
                    printGateway(gateway.gateway().orElseThrow().cache());
                }
                long heapPerAgent = Math.max(0, usedHeapAfterGc() - heapBefore) / settings.devices();
                timing = new Timing(rollout, Duration.ofNanos(System.nanoTime() - started), heapPerAgent);
            } finally {
                devices.forEach(EmulatedDevice::close);
            }
            // Judged with every agent stopped, from what each device would boot.
            return summarize(api, devices, rollouts, timing);
        }
    }

    /**
     * Registers every device, a few at a time: a registration is mostly a round trip and a commit, so one at a time
     * would leave the cores idle. Returns device id → token.
     */
    private Map<String, String> registerDevices(ManagementClient api) throws InterruptedException {
        Semaphore concurrent = new Semaphore(REGISTRATIONS_AT_ONCE);
        List<Callable<String>> registrations = IntStream.range(0, settings.devices())
                .<Callable<String>>mapToObj(i -> () -> {
                    concurrent.acquire();
                    try {
                        return api.registerDevice(settings.deviceId(i), settings.classOf(i), release.factoryInventory());
                    } finally {
                        concurrent.release();
                    }
                })
                .toList();
        Map<String, String> tokens = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> done = pool.invokeAll(registrations);
            for (int i = 0; i < done.size(); i++) {
                try {
                    tokens.put(settings.deviceId(i), done.get(i).get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
                }
            }
        }
        return tokens;
    }

    private long rollOut(ManagementClient api, String className, long releaseId) {
        long rolloutId = api.startRollout(settings.waves().rollout(releaseId)).get("id").asLong();
        out.printf("%s: release %d stored, rollout %d started%s%n", className, releaseId, rolloutId,
                className.equals(settings.badClass()) ? " (this release fails its health check)" : "");
        return rolloutId;
    }

    /** Where the devices' agents talk: the server over HTTP, its CoAP device API, and the gateway (null when none). */
    private record Links(URI http, URI coap, URI gateway) {}

    /** A PSK for each CoAP device, issued a few at a time like the registrations. Returns device id → key. */
    private Map<String, PreSharedKey> issuePsks(ManagementClient api) throws InterruptedException {
        List<String> coapDevices = IntStream.range(0, settings.devices())
                .filter(i -> settings.speaksCoap(settings.classOf(i))).mapToObj(settings::deviceId).toList();
        Semaphore concurrent = new Semaphore(REGISTRATIONS_AT_ONCE);
        Map<String, PreSharedKey> psks = new java.util.concurrent.ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> issued = new ArrayList<>();
            for (String id : coapDevices) {
                issued.add(pool.submit(() -> {
                    concurrent.acquire();
                    try {
                        JsonNode psk = api.issuePsk(id);
                        psks.put(id, PreSharedKey.create(psk.get("identity").asText(),
                                psk.get("key").asText().getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get()));
                        return null;
                    } finally {
                        concurrent.release();
                    }
                }));
            }
            for (Future<?> psk : issued) {
                try {
                    psk.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
                }
            }
        }
        return psks;
    }

    /**
     * The gateway of the CoAP devices: an agent of a device of its own class (with no release, so it only serves),
     * fetching envelopes and artifacts from the server over HTTP and serving them over plain CoAP on loopback.
     */
    private Agent startGateway(ManagementClient api, URI base, HttpClient http) throws IOException {
        api.defineClass(GATEWAY_CLASS, release.vendorId(), release.classId(GATEWAY_CLASS),
                List.copyOf(release.factoryInventory().keySet()));
        String token = api.registerDevice(GATEWAY_DEVICE, GATEWAY_CLASS, release.factoryInventory());
        Path folder = dataDir.resolve(GATEWAY_DEVICE);
        AgentConfig config = new AgentConfig(base, token, folder, release.vendorId(), release.classId(GATEWAY_CLASS),
                trustedKeys, release.factoryInventory());
        Agent gateway = Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC()).httpClient(http)
                .gateway(GatewaySettings.of(new InetSocketAddress("127.0.0.1", 0), folder.resolve("cache")))
                .build();
        out.println("gateway on " + gateway.gateway().orElseThrow().url());
        return gateway;
    }

    /** What the gateway served the devices, against what it fetched from the server. */
    private void printGateway(BlobCache cache) {
        out.printf("gateway: devices started %d envelope and %d artifact transfers; it fetched %d envelope(s) and "
                + "%d artifact(s) from the server%n", cache.transfers(BlobKind.ENVELOPE),
                cache.transfers(BlobKind.ARTIFACT), cache.fetches(BlobKind.ENVELOPE), cache.fetches(BlobKind.ARTIFACT));
    }

    private EmulatedDevice startDevice(int index, Links links, FaultPlan plan, HttpClient http,
            Map<String, String> tokens, Map<String, PreSharedKey> psks, VerificationKey ledgerKey) {
        String id = settings.deviceId(index);
        String className = settings.classOf(index);
        DeviceFaults drawn = plan.faultsOf(id);
        DeviceFaults faults = new DeviceFaults(drawn.network(), className.equals(settings.badClass()),
                drawn.crashAt(), drawn.clockSkew(), drawn.offlineAtStart());
        boolean coap = settings.speaksCoap(className);
        AgentConfig config = coap
                ? AgentConfig.coap(links.coap(), CoapSettings.of(psks.get(id)).withAckTimeout(COAP_ACK_TIMEOUT),
                        deviceDir(id), release.vendorId(), release.classId(className), trustedKeys,
                        release.factoryInventory()).withLedgerKey(ledgerKey)
                : new AgentConfig(links.http(), tokens.get(id), deviceDir(id), release.vendorId(),
                        release.classId(className), trustedKeys, release.factoryInventory(), Optional.of(ledgerKey));
        boolean neverInDepot = settings.neverInDepot(index);
        // Such a device reports that it is not in the depot, as its agent sees it, and waits for it.
        AttributeSource attributes = AttributeSource.of(Map.of(IN_DEPOT, "false"));
        SafetyPolicy safety = neverInDepot
                ? SafetyPolicy.allOf(new AttributeEquals(attributes, IN_DEPOT, "true"))
                : SafetyPolicy.none();
        EmulatedDevice.AgentFactory factory = (link, check, clock) -> {
            Agent.Builder builder = Agent.builder(linked(config, link, links), check, clock)
                    .httpClient(http)
                    .safetyPolicy(safety)
                    .random(new SplittableRandom(settings.seed() ^ index));
            release.groupKeys().forEach(builder::decryptionKey);
            return neverInDepot ? builder.attributeSource(attributes) : builder;
        };
        return EmulatedDevice.start(id, faults, new ImageDigestHealthCheck(), factory, Clock.systemUTC(),
                settings.seed() ^ index, settings.pollInterval());
    }

    /** {@code config} reaching its server, and gateway, through the device's link. */
    private static AgentConfig linked(AgentConfig config, DeviceLink link, Links links) {
        if (!config.speaksCoap()) {
            return config.withServerUrl(link.to(links.http()));
        }
        CoapSettings coap = config.coap().orElseThrow();
        AgentConfig linked = config.withServerUrl(link.to(links.coap()));
        return links.gateway() == null ? linked : linked.withCoap(coap.withGatewayUrl(link.to(links.gateway())));
    }

    private Path deviceDir(String id) {
        return dataDir.resolve("devices").resolve(id);
    }

    /**
     * The images the device left the factory with (the same bytes for each component), in slot A where
     * {@link FileSlotStore} keeps them. Written plainly, without the store's fsyncs: ten thousand of them would hold
     * up the start, and the factory is not under test.
     */
    private void writeFactoryImage(Path deviceDir) throws IOException {
        Path slotA = Files.createDirectories(deviceDir.resolve("slots").resolve(SlotId.A.name()));
        for (String component : release.factoryInventory().keySet()) {
            Files.write(slotA.resolve(component + ".img"), factoryImage);
        }
    }

    /**
     * Prints a progress line whenever the counts change; true once every rollout settled. A running or completed
     * rollout settles once each device of its class reported SUCCESS, FAILURE or WAITING (in a simulation only a
     * never-in-depot device waits, and it waits for good). A halted one assigns nothing more, but the devices it
     * reached still finish (a trial still rolls back and reports), so it settles once no count changed for a few
     * polls.
     */
    private boolean awaitEnd(ManagementClient api, Map<String, Long> rollouts, BoundedHttpClient http)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(settings.timeout());
        Duration quiet = settings.pollInterval().multipliedBy(3).plusSeconds(2);
        Instant changed = Instant.now();
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            Map<String, Long> statuses = new TreeMap<>();
            List<String> halted = new ArrayList<>();
            boolean othersSettled = true;
            for (var entry : rollouts.entrySet()) {
                JsonNode rollout = api.rollout(entry.getValue());
                Map<String, Long> mine = new TreeMap<>();
                rollout.get("reports").properties().forEach(e -> mine.put(e.getKey(), e.getValue().asLong()));
                mine.forEach((status, n) -> statuses.merge(status, n, Long::sum));
                if (rollout.get("status").asText().equals("HALTED")) {
                    halted.add(entry.getKey() + " halted in wave " + rollout.get("currentWave").asInt());
                } else {
                    long ended = mine.getOrDefault("SUCCESS", 0L) + mine.getOrDefault("FAILURE", 0L)
                            + mine.getOrDefault("WAITING", 0L);
                    othersSettled &= ended == settings.devicesOf(entry.getKey());
                }
            }
            long success = statuses.getOrDefault("SUCCESS", 0L);
            long failure = statuses.getOrDefault("FAILURE", 0L);
            long waiting = statuses.getOrDefault("WAITING", 0L);
            String progress = "reported: %d updated, %d failed, %d retrying, %d waiting, %d still to report%s".formatted(
                    success, failure, statuses.getOrDefault("RETRYING", 0L), waiting,
                    settings.devices() - success - failure - waiting,
                    halted.isEmpty() ? "" : "; " + String.join(", ", halted));
            if (!progress.equals(last)) {
                out.printf("%s (requests: %d on the wire, %d waiting their turn)%n", progress, http.inFlight(),
                        http.waiting());
                last = progress;
                changed = Instant.now();
            }
            if (othersSettled && (halted.isEmpty() || Instant.now().isAfter(changed.plus(quiet)))) {
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
        Map<String, JsonNode> reports = new HashMap<>();
        rollouts.values().forEach(id -> api.rolloutDevices(id).forEach(r -> reports.put(r.get("deviceId").asText(), r)));
        Map<String, Map<String, String>> inventories = new HashMap<>();
        for (String className : rollouts.keySet()) {
            for (JsonNode device : api.classDevices(className)) {
                Map<String, String> inventory = new TreeMap<>();
                device.path("inventory").properties().forEach(e -> inventory.put(e.getKey(), e.getValue().asText()));
                inventories.put(device.get("id").asText(), inventory);
            }
        }
        SimVerdict verdict = new SimVerdict(release.factoryInventory(), release.inventory(), release.sequenceNumber());
        Map<String, ImageDigest> factoryDigests = new TreeMap<>();
        release.factoryInventory().keySet().forEach(component -> factoryDigests.put(component, factoryDigest));
        Map<String, String> rolloutStatuses = new HashMap<>();
        for (var entry : rollouts.entrySet()) {
            SimSummary.RolloutEnd end = rolloutEnd(api, entry.getValue());
            verdict.rollout(entry.getKey(), end);
            rolloutStatuses.put(entry.getKey(), end.status());
        }
        for (int i = 0; i < devices.size(); i++) {
            EmulatedDevice device = devices.get(i);
            SimVerdict.Expected expected = new SimVerdict.Expected(device.faults(), settings.neverInDepot(i),
                    rolloutStatuses.get(settings.classOf(i)).equals("HALTED"));
            BootAudit disk = BootAudit.of(deviceDir(device.id()), release.factoryInventory(), factoryDigests);
            JsonNode report = reports.get(device.id());
            verdict.add(device.id(), expected, device.restarts(), disk,
                    report == null ? "NONE" : report.get("status").asText(),
                    report == null ? null : report.path("reason").textValue(),
                    report != null && report.path("verified").asBoolean(), inventories.get(device.id()));
        }
        SimSummary summary = verdict.summary(timing.rollout().toMillis(), timing.wall().toMillis(),
                timing.heapPerAgent());
        print(summary);
        return summary;
    }

    private static SimSummary.RolloutEnd rolloutEnd(ManagementClient api, long id) {
        JsonNode rollout = api.rollout(id);
        Map<Integer, Integer> perWave = new TreeMap<>();
        api.rolloutDevices(id).forEach(r -> perWave.merge(r.get("wave").asInt(), 1, Integer::sum));
        return new SimSummary.RolloutEnd(id, rollout.get("status").asText(), rollout.path("statusReason").textValue(),
                rollout.get("currentWave").asInt(), perWave);
    }

    private void print(SimSummary summary) {
        out.println();
        out.printf("%-12s %8s%n", "devices", summary.devices());
        out.printf("%-12s %8s%n", "updated", summary.updated());
        out.printf("%-12s %8s%n", "rolled back", summary.rolledBack());
        out.printf("%-12s %8s%n", "unchanged", summary.unchanged());
        summary.waitingReasons().forEach((reason, count) -> out.printf("  %6d × waiting: %s%n", count, reason));
        out.printf("%-12s %8s%n", "failed", summary.failed());
        out.printf("%-12s %8s%n", "bricked", summary.bricked());
        out.printf("%-12s %8s%n", "restarts", summary.restarts());
        summary.failureReasons().forEach((reason, count) -> out.printf("  %6d × %s%n", count, reason));
        summary.rollouts().forEach((className, end) -> out.printf("%s: rollout %d %s in wave %d%s%n", className,
                end.id(), end.status(), end.wave(), end.statusReason() == null ? "" : " (" + end.statusReason() + ")"));
        if (!summary.faults().isEmpty()) {
            out.printf("%n%-22s %8s %8s %12s %10s %8s%n", "fault", "devices", "updated", "rolled back", "unchanged",
                    "failed");
            summary.faults().forEach((kind, tally) -> out.printf("%-22s %8d %8d %12d %10d %8d%n", kind,
                    tally.devices(), tally.updated(), tally.rolledBack(), tally.unchanged(), tally.failed()));
        }
        summary.mismatches().forEach(m -> out.println("UNEXPECTED " + m));
        out.printf("%s; rollout %.1f s, whole run %.1f s, %.1f KiB heap per idle agent%n",
                summary.asPredicted() ? "as predicted" : "NOT as predicted", summary.rolloutMillis() / 1000.0,
                summary.wallMillis() / 1000.0, summary.heapPerIdleAgentBytes() / 1024.0);
    }

    private static ImageDigest digestOf(byte[] image) {
        try (InputStream in = new ByteArrayInputStream(image)) {
            return ImageDigest.of(in);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to read", e);
        }
    }

    private void emptyDataDir() throws IOException {
        delete(dataDir);
        Files.createDirectories(dataDir);
    }

    /** Deletes {@code folder} with everything in it, if it exists. */
    static void delete(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }
}
