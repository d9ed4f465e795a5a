package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.AgentStatus;
import io.drover.agent.CycleOutcome;
import io.drover.agent.health.HealthCheck;
import io.drover.agent.health.HealthResult;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.safety.AttributeSource;
import io.drover.agent.safety.SafetyPolicy;
import io.drover.agent.safety.Verdict;
import io.drover.agent.slot.SlotId;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.sim.impair.ImpairedRelay;
import io.drover.sim.impair.Impairment;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.encryption.GroupKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow over real HTTP on loopback: a vendor signs a release, the server verifies and stores it, a rollout
 * assigns it, real agents verify, download, install into their inactive slot, health-check, commit or roll back, and
 * report. Runs once per store backend.
 */
abstract class FleetEndToEndContract {
    static final String CLASS = "thermostat";
    static final String APP = "app";

    @TempDir
    Path devicesDir;

    TestServer server;
    ApiClient admin;
    TestVendor vendor;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Agent agent(String id, HealthCheck healthCheck) {
        return builder(id, healthCheck).build();
    }

    Agent.Builder builder(String id, HealthCheck healthCheck) {
        return builder(id, healthCheck, server.baseUrl());
    }

    /** An agent that talks to the server at {@code serverUrl} (say, through a relay). */
    Agent.Builder builder(String id, HealthCheck healthCheck, URI serverUrl) {
        return builder(id, healthCheck, serverUrl, Clock.systemUTC());
    }

    Map<String, String> failureReasons(long rolloutId) {
        Map<String, String> reasons = new LinkedHashMap<>();
        admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().forEach(report -> {
            if (report.get("status").asText().equals("FAILURE")) {
                reasons.put(report.get("deviceId").asText(), report.get("reason").asText());
            }
        });
        return reasons;
    }

    @Test
    void everyHealthyDeviceEndsOnTheNewReleaseAndTheUnhealthyOneRollsBack() {
        Map<String, Agent> agents = new LinkedHashMap<>();
        for (int i = 1; i <= 4; i++) {
            agents.put("dev-" + i, agent("dev-" + i, new ImageDigestHealthCheck()));
        }
        agents.put("dev-broken", agent("dev-broken", trial -> new HealthResult.Unhealthy("app crashed at boot")));

        byte[] image = TestVendor.randomBytes(300_000, 42);
        vendor.upload(image);
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));

        try (Fleet fleet = Fleet.start(agents, Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var reports = admin.get("/api/v1/rollouts/" + rolloutId).json().get("reports");
                assertThat(reports.path("SUCCESS").asLong()).isEqualTo(4);
                assertThat(reports.path("FAILURE").asLong()).isEqualTo(1);
            });

            // The server records a report before its answer reaches the agent, which then updates its status.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                for (int i = 1; i <= 4; i++) {
                    AgentStatus status = fleet.statuses().get("dev-" + i);
                    assertThat(status.inventory()).containsEntry(APP, "1.1.0");
                    assertThat(status.installedSequence()).isEqualTo(1);
                }
            });
            Map<String, AgentStatus> statuses = fleet.statuses();
            for (int i = 1; i <= 4; i++) {
                assertThat(admin.get("/api/v1/devices/dev-" + i).json().at("/inventory/app").asText()).isEqualTo("1.1.0");
            }
            AgentStatus broken = statuses.get("dev-broken");
            assertThat(broken.inventory()).containsEntry(APP, "1.0.0");
            assertThat(broken.installedSequence()).isZero();
            assertThat(broken.activeSlot()).isEqualTo(SlotId.A);
            assertThat(failureReasons(rolloutId)).containsOnlyKeys("dev-broken");
            assertThat(failureReasons(rolloutId).get("dev-broken")).contains("app crashed at boot");
            var brokenOnServer = admin.get("/api/v1/devices/dev-broken").json();
            assertThat(brokenOnServer.at("/inventory/app").asText()).isEqualTo("1.0.0");
            assertThat(brokenOnServer.get("installedSequence").asLong()).isZero();

            // Every agent registered its own key and signed its final report with it; the server verified them all.
            for (var entry : agents.entrySet()) {
                var device = admin.get("/api/v1/devices/" + entry.getKey()).json();
                assertThat(device.at("/identity/fingerprint").asText())
                        .isEqualTo(entry.getValue().identityKey().fingerprint());
                assertThat(device.at("/identity/registeredBy").asText()).isEqualTo("DEVICE");
            }
            assertThat(admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json())
                    .hasSize(5).allSatisfy(report -> assertThat(report.get("verified").asBoolean()).isTrue());
            assertThat(admin.get("/api/v1/devices/dev-1").json().at("/digests/app").asText())
                    .isEqualTo(TestVendor.sha256Hex(image));
        }
    }

    @Test
    void theServerListsAWaitingDeviceAsWaitingAndKeepsADeviceWhoseDownloadWasCorruptedInTheRollout() throws IOException {
        AtomicBoolean inDepot = new AtomicBoolean();
        SafetyPolicy depotOnly = SafetyPolicy.allOf(() -> inDepot.get() ? new Verdict.Holds() : new Verdict.Waiting("not in depot"));
        // One bit flipped about 20 kB into what the server sends: inside the image, past the check-in and envelope.
        Impairment corrupting = Impairment.NONE.withCorruption(1e-3, 1, 20_000);
        List<CycleOutcome> corruptedOutcomes = new CopyOnWriteArrayList<>();
        try (ImpairedRelay relay = ImpairedRelay.start(new InetSocketAddress("127.0.0.1", server.baseUrl().getPort()),
                Impairment.NONE, corrupting, new SplittableRandom(5), Duration.ofSeconds(10))) {
            Map<String, Agent> agents = new LinkedHashMap<>();
            agents.put("dev-waiting", builder("dev-waiting", new ImageDigestHealthCheck()).safetyPolicy(depotOnly).build());
            agents.put("dev-corrupted", builder("dev-corrupted", new ImageDigestHealthCheck(), relay.httpUrl())
                    .statusListener(status -> status.lastOutcome().ifPresent(corruptedOutcomes::add)).build());
            byte[] image = TestVendor.randomBytes(300_000, 44);
            vendor.upload(image);
            long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));

            try (Fleet fleet = Fleet.start(agents, Duration.ofMillis(100))) {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    var reports = admin.get("/api/v1/rollouts/" + rolloutId).json().get("reports");
                    assertThat(reports.path("WAITING").asLong()).isEqualTo(1);
                    assertThat(reports.path("SUCCESS").asLong()).isEqualTo(1);
                });
                var waiting = admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().get(1);
                assertThat(waiting.get("deviceId").asText()).isEqualTo("dev-waiting");
                assertThat(waiting.get("reason").asText()).isEqualTo("not in depot");
                assertThat(relay.stats().corruptedDown()).isEqualTo(1);
                assertThat(corruptedOutcomes).as("the corrupted download was retried, not final")
                        .anySatisfy(outcome -> assertThat(outcome).isInstanceOf(CycleOutcome.DownloadFailed.class));

                inDepot.set(true);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        admin.get("/api/v1/rollouts/" + rolloutId).json().at("/reports/SUCCESS").asLong()).isEqualTo(2));
            }
        }
        for (String id : List.of("dev-waiting", "dev-corrupted")) {
            assertThat(devicesDir.resolve(id).resolve("slots").resolve(SlotId.B.name()).resolve(APP + ".img"))
                    .as(id).hasBinaryContent(TestVendor.randomBytes(300_000, 44));
            assertThat(admin.get("/api/v1/devices/" + id).json().at("/inventory/app").asText()).as(id).isEqualTo("1.1.0");
        }
    }

    @Test
    void everyDeviceInstallsAReleaseEncryptedForItsGroupKeyWhileTheServerStoresOnlyCiphertext() throws IOException {
        GroupKey fleetKey = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
        Map<String, Agent> agents = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            agents.put("dev-" + i, builder("dev-" + i, new ImageDigestHealthCheck()).decryptionKey(fleetKey).build());
        }
        byte[] image = TestVendor.randomBytes(300_000, 43);
        TestVendor.EncryptedRelease encrypted = vendor.signEncrypted(1, APP, "1.1.0", image, fleetKey);
        vendor.upload(encrypted.ciphertext());
        long rolloutId = vendor.startRollout(vendor.release(CLASS, encrypted.envelope()));

        try (Fleet fleet = Fleet.start(agents, Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(admin.get("/api/v1/rollouts/" + rolloutId).json().at("/reports/SUCCESS").asLong()).isEqualTo(3);
                // Awaited too: the server records a report before its answer reaches the agent.
                fleet.statuses().forEach((id, status) -> assertThat(status.inventory()).as(id).containsEntry(APP, "1.1.0"));
            });
        }
        for (int i = 1; i <= 3; i++) {
            Path installed = devicesDir.resolve("dev-" + i).resolve("slots").resolve(SlotId.B.name()).resolve(APP + ".img");
            assertThat(installed).hasBinaryContent(image);
        }
        List<byte[]> blobs = storedBlobs();
        assertThat(blobs).anySatisfy(blob -> assertThat(blob).isEqualTo(encrypted.ciphertext()));
        byte[] plaintextSample = Arrays.copyOfRange(image, 0, 1024);
        assertThat(blobs).noneMatch(blob -> contains(blob, plaintextSample));
    }

    private List<byte[]> storedBlobs() throws IOException {
        try (var files = Files.walk(server.dataDir())) {
            List<byte[]> blobs = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                blobs.add(Files.readAllBytes(file));
            }
            return blobs;
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aDeviceRefusesAReleaseItsVendorDidNotSignEvenIfTheServerServesIt() {
        // The operator trusts a second key on the server; the device trusts only its vendor's key.
        var intruder = io.drover.suit.SigningKey.generate(SignatureAlgorithm.ES256);
        vendor.trust(CLASS, intruder);
        byte[] image = TestVendor.randomBytes(10_000, 7);
        vendor.upload(image);
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(intruder, vendor.classId, 1, APP, "6.6.6", image)));

        try (Fleet fleet = Fleet.start(Map.of("dev-1", agent("dev-1", new ImageDigestHealthCheck())), Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(admin.get("/api/v1/rollouts/" + rolloutId).json().at("/reports/FAILURE").asLong()).isEqualTo(1));
            AgentStatus status = fleet.statuses().get("dev-1");
            assertThat(status.inventory()).containsEntry(APP, "1.0.0");
            assertThat(status.activeSlot()).isEqualTo(SlotId.A);
            assertThat(failureReasons(rolloutId).get("dev-1")).contains("suit.unknown-signer");
        }
    }

    @Test
    void aDeviceTheCompatibilityPolicyKeepsFromTheReleaseIsSteppedThroughAnIntermediateOne() {
        // A class with two components, whose app 2.0 needs os 1.4; the device runs os 1.2.
        UUID tramClass = UUID.randomUUID();
        vendor.defineClass("tram", tramClass, APP, "os");
        assertThat(admin.putJson("/api/v1/classes/tram/compatibility",
                "{\"rules\":[\"app >= 2.0 requires os >= 1.4\"]}").status()).isEqualTo(200);
        var registered = admin.postJson("/api/v1/devices",
                "{\"id\":\"tram-1\",\"className\":\"tram\",\"inventory\":{\"app\":\"1.0\",\"os\":\"1.2\"}}");
        assertThat(registered.status()).isEqualTo(201);
        byte[] os = TestVendor.randomBytes(200_000, 51);
        byte[] app = TestVendor.randomBytes(200_000, 52);
        vendor.upload(os);
        vendor.upload(app);
        long os14 = vendor.release("tram", vendor.sign(vendor.key, tramClass, 1, "os", "1.4", os));
        long app20 = vendor.release("tram", vendor.sign(vendor.key, tramClass, 2, APP, "2.0", app));
        long rolloutId = vendor.startRollout(app20);

        // What the server recorded for the device when each install had finished on it. A status is published more
        // than once per install (the outcome stays the last one), so each install is kept once, by sequence number.
        Map<Long, CycleOutcome.Installed> installs = new ConcurrentSkipListMap<>();
        Map<Long, JsonNode> rowsAfterInstall = new ConcurrentSkipListMap<>();
        AgentConfig config = new AgentConfig(server.baseUrl(), registered.json().get("token").asText(),
                devicesDir.resolve("tram-1"), vendor.vendorId, tramClass, List.of(vendor.key.verificationKey()),
                Map.of(APP, "1.0", "os", "1.2"));
        Agent agent = Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC())
                .statusListener(status -> status.lastOutcome().ifPresent(outcome -> {
                    if (outcome instanceof CycleOutcome.Installed installed
                            && installs.putIfAbsent(installed.sequenceNumber(), installed) == null) {
                        rowsAfterInstall.put(installed.sequenceNumber(),
                                admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().get(0));
                    }
                }))
                .build();

        try (Fleet fleet = Fleet.start(Map.of("tram-1", agent), Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(rowsAfterInstall).hasSize(2));
        }
        assertThat(installs.values()).containsExactly(new CycleOutcome.Installed(1, Map.of(APP, "1.0", "os", "1.4")),
                new CycleOutcome.Installed(2, Map.of(APP, "2.0", "os", "1.4")));
        // Each install was a verified, signed report of its own release; only the second is the rollout's SUCCESS.
        assertThat(rowsAfterInstall.get(1L).get("status").asText()).isEqualTo("STEPPED");
        assertThat(rowsAfterInstall.get(1L).get("releaseId").asLong()).isEqualTo(os14);
        assertThat(rowsAfterInstall.get(1L).get("verified").asBoolean()).isTrue();
        assertThat(rowsAfterInstall.get(2L).get("status").asText()).isEqualTo("SUCCESS");
        assertThat(rowsAfterInstall.get(2L).get("releaseId").asLong()).isEqualTo(app20);
        assertThat(rowsAfterInstall.get(2L).get("verified").asBoolean()).isTrue();
        JsonNode reports = admin.get("/api/v1/rollouts/" + rolloutId).json().get("reports");
        assertThat(reports.size()).isEqualTo(1);
        assertThat(reports.get("SUCCESS").asLong()).isEqualTo(1);
        JsonNode device = admin.get("/api/v1/devices/tram-1").json();
        assertThat(device.get("installedSequence").asLong()).isEqualTo(2);
        assertThat(device.at("/inventory/os").asText()).isEqualTo("1.4");
        assertThat(device.at("/digests/os").asText()).isEqualTo(TestVendor.sha256Hex(os));
        assertThat(device.at("/digests/app").asText()).isEqualTo(TestVendor.sha256Hex(app));
    }

    @Test
    void aRolloutsWindowAndAttributeHoldRealDevicesBackUntilTheyHoldAndTheirHealthFeedsTheGate() {
        // dev-away is in the depot but its clock is outside the window; dev-out is within the window but not in the
        // depot. Each reports its attributes, waits, and installs once its condition holds.
        MutableClock awayClock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z")); // Saturday, 13:00 in Berlin
        MutableClock outClock = new MutableClock(Instant.parse("2026-11-29T00:30:00Z")); // Sunday, 01:30 in Berlin
        AtomicReference<Map<String, String>> outAttributes = new AtomicReference<>(Map.of("in_depot", "false"));
        Agent away = builder("dev-away", new ImageDigestHealthCheck(), server.baseUrl(), awayClock)
                .attributeSource(AttributeSource.of(Map.of("in_depot", "true"))).build();
        Agent out = builder("dev-out", new ImageDigestHealthCheck(), server.baseUrl(), outClock)
                .attributeSource(changing(outAttributes)).build();
        byte[] image = TestVendor.randomBytes(50_000, 7);
        vendor.upload(image);
        long releaseId = vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image));
        ApiClient.Answer created = admin.postJson("/api/v1/rollouts", """
                {"releaseId":%d,"waves":[{"percent":100,"soak":"PT0S","successPercent":100}],
                 "healthGate":{"marginPercent":5,"minDevices":2},
                 "safety":{"timeZone":"Europe/Berlin","windows":[{"days":["SUN"],"start":"01:00","length":"PT4H"}],
                           "attributes":{"in_depot":"true"}}}""".formatted(releaseId));
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        long rolloutId = created.json().get("id").asLong();

        try (away; out) {
            assertThat(runOnce(away)).isEqualTo(new CycleOutcome.Waiting("maintenance window opens 2026-11-29T01:00+01:00"));
            assertThat(runOnce(out)).isEqualTo(new CycleOutcome.Waiting("attribute in_depot is false, needs true"));
            assertThat(admin.get("/api/v1/devices/dev-out/traits").json().at("/attributes/in_depot").asText())
                    .isEqualTo("false");
            JsonNode waiting = admin.get("/api/v1/rollouts/" + rolloutId).json();
            assertThat(waiting.at("/reports/WAITING").asLong()).isEqualTo(2);
            assertThat(waiting.at("/reports/FAILURE").isMissingNode()).isTrue();

            awayClock.advance(Duration.ofHours(12).plusMinutes(30));
            outAttributes.set(Map.of("in_depot", "true"));
            assertThat(runOnce(away)).isInstanceOf(CycleOutcome.Installed.class);
            assertThat(runOnce(out)).isInstanceOf(CycleOutcome.Installed.class);
        }
        assertThat(admin.get("/api/v1/devices/dev-out/traits").json().at("/attributes/in_depot").asText())
                .isEqualTo("true");
        // Both agents reported their health right after installing: the gate has its two devices and lets the
        // rollout complete.
        server.rolloutController().pass();
        assertThat(admin.get("/api/v1/rollouts/" + rolloutId).json().get("status").asText()).isEqualTo("COMPLETED");
    }

    /** An agent on its own clock, for rollout windows. */
    Agent.Builder builder(String id, HealthCheck healthCheck, URI serverUrl, Clock clock) {
        String token = vendor.register(id, CLASS, APP, "1.0.0");
        AgentConfig config = VendorAgents.config(vendor, serverUrl, token, devicesDir.resolve(id),
                Map.of(APP, "1.0.0"));
        return Agent.builder(config, healthCheck, clock);
    }

    private static CycleOutcome runOnce(Agent agent) {
        try {
            return agent.runOnce();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AttributeSource changing(AtomicReference<Map<String, String>> attributes) {
        return new AttributeSource() {
            @Override
            public Optional<String> attribute(String name) {
                return Optional.ofNullable(attributes.get().get(name));
            }

            @Override
            public Map<String, String> all() {
                return attributes.get();
            }
        };
    }
}
