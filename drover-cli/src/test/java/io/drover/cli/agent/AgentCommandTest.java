package io.drover.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.CliRun;
import io.drover.cli.DroverCli;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover agent --config FILE} against a real Drover server, run in-process on its own thread. */
class AgentCommandTest {
    private static final String CLASS = "thermostat";
    private static final String APP = "app";

    @TempDir
    Path dir;

    private TestServer server;
    private TestVendor vendor;
    private ApiClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(StoreBackend.H2);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void daemonWaitsForTheDepotThenInstallsWritesItsStatusAndExitsWhenStopped() throws Exception {
        String token = vendor.register("dev-1", CLASS, APP, "1.0.0");
        Path attributes = dir.resolve("attributes.properties");
        Files.writeString(attributes, "in_depot=false\n");
        Path config = writeConfig(token, """
                "safety": {"attributesFile": "attributes.properties", "attributes": {"in_depot": "true"}},
                "healthCheck": {"command": ["sh", "-c", "echo app answers"], "timeout": "PT10S"}""");
        byte[] image = TestVendor.randomBytes(50_000, 7);
        vendor.upload(image);
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));

        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread daemon = Thread.ofPlatform().name("agent-daemon-under-test")
                .start(() -> exitCode.set(DroverCli.run("agent", "--config", config.toString())));
        try {
            Path statusFile = dir.resolve("data/status.json");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode status = readJson(statusFile);
                assertThat(status.path("lastOutcome").asText()).isEqualTo("Waiting");
                assertThat(status.path("waitingReason").asText()).isEqualTo("attribute in_depot is false, needs true");
            });
            assertThat(readJson(statusFile).path("activeSlot").asText()).isEqualTo("A");
            assertThat(admin.get("/api/v1/devices/dev-1/traits").json().at("/attributes/in_depot").asText())
                    .as("the attributes file is reported").isEqualTo("false");

            Files.writeString(attributes, "in_depot=true\n");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode status = readJson(statusFile);
                assertThat(status.path("installedSequence").asLong()).isEqualTo(1);
                assertThat(status.path("activeSlot").asText()).isEqualTo("B");
                assertThat(status.at("/inventory/app").asText()).isEqualTo("1.1.0");
                assertThat(status.path("updateStep").asText()).isEqualTo("REPORTED");
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    admin.get("/api/v1/rollouts/" + rolloutId).json().at("/reports/SUCCESS").asLong()).isEqualTo(1));
            assertThat(admin.get("/api/v1/devices/dev-1/traits").json().at("/attributes/in_depot").asText())
                    .as("reported again once changed").isEqualTo("true");
        } finally {
            daemon.interrupt();
            daemon.join(Duration.ofSeconds(20));
        }
        assertThat(daemon.isAlive()).isFalse();
        assertThat(exitCode).hasValue(0);
        assertThat(readJson(dir.resolve("data/soak.json")).path("running").asBoolean())
                .as("the release soaks, and the daemon recorded its stop").isFalse();
    }

    @Test
    void daemonRollsBackAtOnceWhenTheApplicationReportsUnhealthy() throws Exception {
        String token = vendor.register("dev-3", CLASS, APP, "1.0.0");
        // The application of release 1 reports on itself; the timeout is far beyond this test's waits.
        Files.writeString(dir.resolve("app-health"), "1 unhealthy: cannot reach the train bus\n");
        Path config = writeConfig(token, """
                "maxDownloadRate": "10MiB/s",
                "healthCheck": {"reported": {"file": "app-health"}, "timeout": "PT10M"}""");
        byte[] image = TestVendor.randomBytes(50_000, 8);
        vendor.upload(image);
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));

        Thread daemon = Thread.ofPlatform().name("agent-daemon-under-test")
                .start(() -> DroverCli.run("agent", "--config", config.toString()));
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().path(0).path("reason").asText())
                    .isEqualTo("agent.health-check-failed: cannot reach the train bus"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode status = readJson(dir.resolve("data/status.json"));
                assertThat(status.path("lastOutcome").asText()).isIn("RolledBack", "NothingToDo");
                assertThat(status.path("activeSlot").asText()).isEqualTo("A");
                assertThat(status.at("/inventory/app").asText()).isEqualTo("1.0.0");
            });
        } finally {
            daemon.interrupt();
            daemon.join(Duration.ofSeconds(20));
        }
    }

    @Test
    void daemonInItsOwnProcessStopsCleanlyOnSigterm() throws Exception {
        Path config = writeConfig(vendor.register("dev-2", CLASS, APP, "1.0.0"), "\"safety\": {}");
        Path log = dir.resolve("daemon.log");
        Process daemon = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DroverCli.class.getName(),
                "agent", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    readJson(dir.resolve("data/status.json")).path("lastOutcome").asText()).isEqualTo("NothingToDo"));

            daemon.destroy(); // SIGTERM

            assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).as("exited").isTrue();
        } finally {
            daemon.destroyForcibly();
        }
        assertThat(Files.readString(log)).contains("stopping: SIGTERM").contains("agent stopped on slot A, sequence 0");
    }

    @Test
    void refusesToPauseAtAStepThatDoesNotExist() throws IOException {
        Path config = writeConfig(vendor.register("dev-3", CLASS, APP, "1.0.0"), "\"safety\": {}");

        CliRun run = CliRun.of("agent", "--config", config.toString(), "--pause-at", "LUNCH");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--pause-at").contains("LUNCH").contains("VERIFIED, DOWNLOADING, DECRYPTING");
        assertThat(dir.resolve("data")).as("the agent never started").doesNotExist();
    }

    private Path writeConfig(String token, String extra) throws IOException {
        Path publicKey = dir.resolve("vendor.pub.pem");
        Files.writeString(publicKey, vendor.key.verificationKey().toPem());
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
                  "pollInterval": "PT0.2S",
                  %s
                }""".formatted(server.baseUrl(), token, vendor.vendorId, vendor.classId, extra));
        return config;
    }

    private static JsonNode readJson(Path file) throws IOException {
        return Files.exists(file) ? new ObjectMapper().readTree(file.toFile()) : new ObjectMapper().createObjectNode();
    }
}
