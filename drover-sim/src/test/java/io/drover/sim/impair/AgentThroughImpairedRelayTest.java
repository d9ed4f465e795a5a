package io.drover.sim.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.AgentErrors;
import io.drover.agent.CycleOutcome;
import io.drover.agent.download.RetryPolicy;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.sim.VendorAgents;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent updating through an impaired relay from a real server. */
class AgentThroughImpairedRelayTest {
    static final String CLASS = "gateway";
    static final String APP = "app";
    static final Impairment LATENT = Impairment.NONE.withDelay(Duration.ofMillis(20), Duration.ofMillis(10));

    @TempDir
    Path dataDir;

    TestServer server;
    ApiClient admin;
    TestVendor vendor;
    byte[] image;
    long rolloutId;

    @BeforeEach
    void startRollout() {
        server = TestServer.start(StoreBackend.H2);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        image = TestVendor.randomBytes(1_000_000, 11);
        vendor.upload(image);
        rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    ImpairedRelay relay(Impairment down, long seed) throws IOException {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.baseUrl().getPort());
        return ImpairedRelay.start(target, LATENT, down, new SplittableRandom(seed), Duration.ofSeconds(10));
    }

    Agent agent(ImpairedRelay relay) {
        return agent(relay, new ArrayList<>());
    }

    /** An agent that adds every cycle's outcome to {@code outcomes}. */
    Agent agent(ImpairedRelay relay, List<CycleOutcome> outcomes) {
        String token = vendor.register("dev-1", CLASS, APP, "1.0.0");
        AgentConfig config = VendorAgents.config(vendor, relay.httpUrl(), token, dataDir, Map.of(APP, "1.0.0"));
        return Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC())
                .downloadRetry(new RetryPolicy(20, Duration.ofMillis(20), Duration.ofMillis(200)))
                .requestTimeout(Duration.ofSeconds(5))
                .statusListener(status -> status.lastOutcome().ifPresent(outcomes::add))
                .build();
    }

    /** Runs cycles until {@code done}; a reset during check-in or report just means another cycle. */
    static void runUntil(Agent agent, BooleanSupplier done) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try {
                agent.runOnce();
            } catch (IOException e) {
                return false;
            }
            return done.getAsBoolean();
        });
    }

    @Test
    void anAgentEndsInstalledThroughDelayJitterAndDroppedConnectionsByResumingWithRange() throws IOException {
        // Every connection is reset after 300 kB, so the 1 MB image needs at least three Range resumes, and 1 % of
        // chunks end their connection early on top.
        Impairment down = LATENT.withBandwidth(4_000_000).withDisconnects(300_000, 0.01);
        try (ImpairedRelay relay = relay(down, 2026); Agent agent = agent(relay)) {
            runUntil(agent, () -> agent.status().installedSequence() == 1);

            assertThat(agent.status().inventory()).containsEntry(APP, "1.1.0");
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.B);
            assertThat(dataDir.resolve("slots").resolve("B").resolve(APP + ".img")).hasBinaryContent(image);
            assertThat(relay.stats().resets()).isGreaterThanOrEqualTo(3);
            assertThat(admin.get("/api/v1/devices/dev-1").json().at("/inventory/app").asText()).isEqualTo("1.1.0");
        }
    }

    @Test
    void aCorruptedImageByteIsCaughtByTheDigestAndTheNextAttemptInstallsTheRealImage() throws IOException {
        // Seed 17 puts the one corrupted byte about 220 kB into the downstream stream: inside the image, past the
        // check-in and the envelope.
        Impairment down = LATENT.withCorruption(3e-6, 1);
        List<CycleOutcome> outcomes = new CopyOnWriteArrayList<>();
        try (ImpairedRelay relay = relay(down, 17); Agent agent = agent(relay, outcomes)) {
            runUntil(agent, () -> agent.status().installedSequence() == 1);

            assertThat(relay.stats().corruptedDown()).isEqualTo(1);
            assertThat(outcomes).anySatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(
                    CycleOutcome.DownloadFailed.class,
                    failed -> assertThat(failed.reason()).isEqualTo(AgentErrors.IMAGE_DIGEST_MISMATCH)));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.B);
            assertThat(dataDir.resolve("slots").resolve("B").resolve(APP + ".img")).hasBinaryContent(image);
            // The mismatch was RETRYING, not a final FAILURE: the server kept the device in the rollout.
            var report = admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().get(0);
            assertThat(report.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(admin.get("/api/v1/devices/dev-1").json().at("/inventory/app").asText()).isEqualTo("1.1.0");
        }
    }
}
