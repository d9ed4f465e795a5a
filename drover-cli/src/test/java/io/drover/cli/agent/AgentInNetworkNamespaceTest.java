package io.drover.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.DroverCli;
import io.drover.cli.testing.NetworkNamespace;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.sim.impair.ImpairedRelay;
import io.drover.sim.impair.Impairment;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent daemon in its own process inside a Linux network namespace, updating through a real, impaired network
 * stack from a server on the host: packet loss from nftables, a rate limit from {@code tc tbf}, and delay from
 * Drover's relay listening on the host's end of the link (this kernel has no netem). Needs root; elsewhere it is
 * skipped, but under CI (environment {@code CI} set) it must run.
 */
class AgentInNetworkNamespaceTest {
    private static final String CLASS = "gateway";
    private static final String APP = "app";
    /** The update itself takes seconds; a machine shared with other builds may take long to start a JVM. */
    private static final Duration UPDATE_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private NetworkNamespace namespace;
    private ImpairedRelay relay;
    private Process agent;

    @BeforeAll
    static void namespacesAreAvailable() {
        Optional<String> unavailable = NetworkNamespace.unavailable();
        if (unavailable.isPresent() && System.getenv("CI") != null) {
            fail("CI must run the network-namespace test, but " + unavailable.get());
        }
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> "skipped: " + unavailable.orElseThrow());
        NetworkNamespace.removeStale();
    }

    @BeforeEach
    void startServer() {
        server = TestServer.start(StoreBackend.H2);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        try {
            if (agent != null) {
                agent.destroyForcibly();
                agent.waitFor(20, TimeUnit.SECONDS);
            }
            if (relay != null) {
                relay.close();
            }
        } finally {
            try {
                if (namespace != null) {
                    namespace.close();
                }
            } finally {
                server.close();
            }
        }
    }

    @Test
    void anAgentBehind20PercentLossAnd200msDelayCompletesAnUpdate() throws Exception {
        namespace = NetworkNamespace.create(0);
        namespace.dropPacketsInto(20);
        Impairment delayed = Impairment.NONE.withDelay(Duration.ofMillis(200), Duration.ZERO);
        relay = ImpairedRelay.start(namespace.hostAddress(), serverAddress(), delayed, delayed,
                new SplittableRandom(4), Duration.ofSeconds(60));
        // Small enough that TCP, backing off at every lost segment, still finishes well within the deadline.
        byte[] image = TestVendor.randomBytes(300_000, 4);
        long rolloutId = rollOut(image);

        startAgent(relay.httpUrl(), vendor.register("dev-lossy", CLASS, APP, "1.0.0"));

        awaitInstalled(rolloutId);
        assertThat(dir.resolve("data/slots/B/app.img")).hasBinaryContent(image);
        assertThat(namespace.droppedPackets()).as("packets nftables dropped").isGreaterThanOrEqualTo(10);
        assertThat(relay.stats().bytesDown()).as("bytes relayed to the agent").isGreaterThan(image.length);
    }

    @Test
    void aTbfRateLimitOnTheLinkHoldsTheDownloadToItsRate() throws Exception {
        namespace = NetworkNamespace.create(1);
        int burst = 16 * 1024;
        namespace.limitRateInto("2mbit", burst);
        relay = ImpairedRelay.start(namespace.hostAddress(), serverAddress(), Impairment.NONE, Impairment.NONE,
                new SplittableRandom(5), Duration.ofSeconds(60));
        byte[] image = TestVendor.randomBytes(1_500_000, 5);
        long rolloutId = rollOut(image);
        String token = vendor.register("dev-slow", CLASS, APP, "1.0.0");

        long start = System.nanoTime();
        startAgent(relay.httpUrl(), token);
        awaitInstalled(rolloutId);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // 2 Mbit/s is 250,000 bytes a second: the image alone needs about 6 s to cross the link, whatever else
        // happened. Only a lower bound: a loaded machine may take longer.
        Duration imageAtTheRate = Duration.ofMillis((image.length - burst) * 1_000L / 250_000);
        assertThat(took).isGreaterThanOrEqualTo(imageAtTheRate);
        NetworkNamespace.ShaperStats shaper = namespace.shaperStats();
        assertThat(shaper.sentBytes()).isGreaterThan(image.length);
        assertThat(shaper.overlimits()).as("times tbf held packets back").isPositive();
    }

    private InetSocketAddress serverAddress() {
        return new InetSocketAddress("127.0.0.1", server.baseUrl().getPort());
    }

    private long rollOut(byte[] image) {
        vendor.upload(image);
        return vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
    }

    /** {@code drover agent} in its own JVM, inside the namespace, with this test's class path. */
    private void startAgent(URI serverUrl, String token) throws IOException {
        Files.writeString(dir.resolve("vendor.pub.pem"), vendor.key.verificationKey().toPem());
        Path config = dir.resolve("agent.json");
        Files.writeString(config, """
                {
                  "serverUrl": "%s",
                  "deviceToken": "%s",
                  "vendorId": "%s",
                  "classId": "%s",
                  "trustedKeys": ["vendor.pub.pem"],
                  "dataDir": "data",
                  "factoryInventory": {"app": "1.0.0"},
                  "pollInterval": "PT0.5S"
                }""".formatted(serverUrl, token, vendor.vendorId, vendor.classId));
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DroverCli.class.getName(),
                "agent", "--config", config.toString());
        agent = new ProcessBuilder(namespace.inside(java)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
    }

    /** The device runs the new release and the server has its SUCCESS report; on timeout, the agent's log says why. */
    private void awaitInstalled(long rolloutId) throws IOException {
        try {
            await().atMost(UPDATE_DEADLINE).pollInterval(Duration.ofMillis(200))
                    .failFast("the agent process exited", () -> !agent.isAlive()).untilAsserted(() -> {
                JsonNode status = readJson(dir.resolve("data/status.json"));
                assertThat(status.path("installedSequence").asLong()).isEqualTo(1);
                assertThat(status.at("/inventory/app").asText()).isEqualTo("1.1.0");
                assertThat(admin.get("/api/v1/rollouts/" + rolloutId).json().at("/reports/SUCCESS").asLong())
                        .isEqualTo(1);
            });
        } catch (ConditionTimeoutException | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nagent log:\n" + Files.readString(dir.resolve("agent.log")), e);
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        return Files.exists(file) ? new ObjectMapper().readTree(file.toFile()) : new ObjectMapper().createObjectNode();
    }
}
