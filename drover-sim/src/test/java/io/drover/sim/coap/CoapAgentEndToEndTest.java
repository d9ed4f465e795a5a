package io.drover.sim.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.CycleOutcome;
import io.drover.agent.coap.CoapSettings;
import io.drover.agent.download.RetryPolicy;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.safety.AttributeSource;
import io.drover.agent.slot.SlotId;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.sim.impair.DatagramImpairment;
import io.drover.sim.impair.UdpRelay;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Constrained agents speaking CoAP over DTLS to a real server on loopback. */
class CoapAgentEndToEndTest {
    static final String CLASS = "sensor";
    static final String APP = "app";

    @TempDir
    Path dir;

    TestServer server;
    ApiClient admin;
    ServerDtls dtls;
    TestVendor vendor;
    byte[] image;
    long releaseId;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = TestServer.withCoap(StoreBackend.H2, coap -> coap.withObserve(Duration.ofMillis(100), 100));
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        dtls = new ServerDtls(server, admin);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        image = TestVendor.randomBytes(40_000, 7);
        vendor.upload(image);
        releaseId = vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image));
    }

    @AfterEach
    void stopServer() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        server.close();
    }

    @Test
    void aConstrainedAgentInstallsOverDtlsWithItsPreSharedKey() throws Exception {
        vendor.register("dev-1", CLASS, APP, "1.0.0");
        long rolloutId = vendor.startRollout(releaseId);
        AgentConfig config = AgentConfig.coap(dtls.url(), CoapSettings.of(dtls.psk("dev-1")).withBlockSize(512),
                dir.resolve("dev-1"), vendor.vendorId, vendor.classId, List.of(vendor.key.verificationKey()),
                Map.of(APP, "1.0.0"));

        try (Agent agent = Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC())
                .attributeSource(AttributeSource.of(Map.of("region", "eu-north")))
                .build()) {
            assertThat(installed(agent)).isInstanceOf(CycleOutcome.Installed.class);
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.B);
        }
        assertThat(dir.resolve("dev-1/slots/B/app.img")).hasBinaryContent(image);
        JsonNode report = deviceReport(rolloutId, "dev-1");
        assertThat(report.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(report.get("verified").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/devices/dev-1").json().at("/inventory/app").asText()).isEqualTo("1.1.0");
        assertThat(admin.get("/api/v1/devices/dev-1/traits").json().at("/attributes/region").asText())
                .isEqualTo("eu-north");
    }

    @Test
    void aConstrainedAgentAuthenticatesWithItsIdentityKeyAsARawPublicKey() throws Exception {
        SigningKey identity = SigningKey.generate(SignatureAlgorithm.ED25519);
        var registered = admin.postJson("/api/v1/devices", """
                {"id":"dev-rpk","className":"%s","inventory":{"%s":"1.0.0"},"identityKeyPem":%s}"""
                .formatted(CLASS, APP, quote(identity.verificationKey().toPem())));
        assertThat(registered.status()).as(new String(registered.body())).isEqualTo(201);
        Files.createDirectories(dir.resolve("dev-rpk"));
        Files.writeString(dir.resolve("dev-rpk/identity.key"), identity.toPkcs8Pem());
        long rolloutId = vendor.startRollout(releaseId);
        CoapSettings settings = new CoapSettings(Optional.empty(), server.coap().serverKey(), 1024,
                Optional.empty(), CoapSettings.DEFAULT_ACK_TIMEOUT);

        try (Agent agent = agent("dev-rpk", settings, dtls.url())) {
            assertThat(installed(agent)).isInstanceOf(CycleOutcome.Installed.class);
        }
        assertThat(deviceReport(rolloutId, "dev-rpk").get("verified").asBoolean()).isTrue();
    }

    @Test
    void anObservingAgentLearnsOfARolloutWithoutPolling() throws Exception {
        vendor.register("dev-1", CLASS, APP, "1.0.0");
        try (Agent agent = agent("dev-1", CoapSettings.of(dtls.psk("dev-1")), dtls.url())) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread loop = Thread.ofVirtual().start(() -> agent.runUntil(Duration.ofHours(1), stop::get));
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.status().lastOutcome().isPresent());
                assertThat(agent.status().lastOutcome()).containsInstanceOf(CycleOutcome.NothingToDo.class);

                vendor.startRollout(releaseId);

                // The next poll is an hour away: only the server's notification can bring the update this soon.
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.status().installedSequence() == 1);
            } finally {
                stop.set(true);
                loop.interrupt();
                loop.join(Duration.ofSeconds(10));
            }
        }
        assertThat(server.coap().checkInObservers()).isLessThanOrEqualTo(1);
    }

    @Test
    void aConstrainedAgentInstallsThroughALossyLink() throws Exception {
        vendor.register("dev-1", CLASS, APP, "1.0.0");
        long rolloutId = vendor.startRollout(releaseId);
        DatagramImpairment lossy = DatagramImpairment.NONE.withLoss(0.1)
                .withDelay(Duration.ofMillis(10), Duration.ofMillis(5));
        UdpRelay relay = closing(UdpRelay.start(new InetSocketAddress("127.0.0.1", dtls.port()), lossy, lossy,
                new SplittableRandom(3), Duration.ofSeconds(30)));
        CoapSettings settings = CoapSettings.of(dtls.psk("dev-1")).withBlockSize(256)
                .withAckTimeout(Duration.ofMillis(200));

        try (Agent agent = agent("dev-1", settings, relay.url("coaps"))) {
            assertThat(installed(agent)).isInstanceOf(CycleOutcome.Installed.class);
        }
        assertThat(deviceReport(rolloutId, "dev-1").get("status").asText()).isEqualTo("SUCCESS");
        assertThat(relay.stats().lostUp() + relay.stats().lostDown()).isPositive();
        assertThat(dir.resolve("dev-1/slots/B/app.img")).hasBinaryContent(image);
    }

    /** Cycles until the update ends (a cycle that fails on the link is tried again). */
    static CycleOutcome installed(Agent agent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            CycleOutcome outcome;
            try {
                outcome = agent.runOnce();
            } catch (IOException e) {
                continue;
            }
            if (outcome instanceof CycleOutcome.Installed || outcome instanceof CycleOutcome.Rejected
                    || outcome instanceof CycleOutcome.RolledBack) {
                return outcome;
            }
        }
        throw new AssertionError("the agent did not finish the update within a minute");
    }

    Agent agent(String id, CoapSettings settings, URI serverUrl) {
        AgentConfig config = AgentConfig.coap(serverUrl, settings, dir.resolve(id), vendor.vendorId, vendor.classId,
                List.of(vendor.key.verificationKey()), Map.of(APP, "1.0.0"));
        return Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC())
                .downloadRetry(new RetryPolicy(20, Duration.ofMillis(20), Duration.ofMillis(200)))
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    JsonNode deviceReport(long rolloutId, String deviceId) {
        for (JsonNode device : admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json()) {
            if (device.get("deviceId").asText().equals(deviceId)) {
                return device;
            }
        }
        throw new AssertionError(deviceId + " has not reported on rollout " + rolloutId);
    }

    <T extends AutoCloseable> T closing(T resource) {
        closing.add(resource);
        return resource;
    }

    static String quote(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }
}
