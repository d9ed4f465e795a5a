package io.drover.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.DroverCli;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drover agent --config FILE} as a constrained device speaking CoAP over DTLS with a PSK from a file, and as
 * the gateway it downloads through, both against a real server with its CoAP device API, in-process.
 */
class CoapAgentCommandTest {
    private static final String CLASS = "sensor";
    private static final String APP = "app";

    @TempDir
    Path dir;

    private TestServer server;
    private TestVendor vendor;
    private ApiClient admin;

    @BeforeEach
    void start() {
        server = TestServer.withCoap(StoreBackend.H2, coap -> coap);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        vendor.defineClass("gateway", UUID.randomUUID(), APP);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aConstrainedDaemonInstallsWithTheEnvelopeAndArtifactsFromAGatewayDaemon() throws Exception {
        Files.writeString(dir.resolve("vendor.pub.pem"), vendor.key.verificationKey().toPem());
        int gatewayPort = freeUdpPort();
        Path gatewayConfig = write("gateway.json", """
                {"serverUrl": "%s", "deviceToken": "%s", "vendorId": "%s", "classId": "%s",
                 "trustedKeys": ["vendor.pub.pem"], "dataDir": "gw", "factoryInventory": {"app": "1.0.0"},
                 "pollInterval": "PT0.5S",
                 "gateway": {"listen": "127.0.0.1:%d", "cacheDir": "gw-cache", "maxCacheBytes": "10MiB"}}"""
                .formatted(server.baseUrl(), vendor.register("gw-1", "gateway", APP, "1.0.0"), vendor.vendorId,
                        vendor.classId, gatewayPort));
        vendor.register("dev-1", CLASS, APP, "1.0.0");
        JsonNode psk = admin.postJson("/api/v1/devices/dev-1/psk", "{}").json();
        Files.writeString(dir.resolve("dev-1.psk"), psk.get("key").asText() + "\n");
        Path deviceConfig = write("device.json", """
                {"serverUrl": "coaps://127.0.0.1:%d", "vendorId": "%s", "classId": "%s",
                 "trustedKeys": ["vendor.pub.pem"], "dataDir": "dev", "factoryInventory": {"app": "1.0.0"},
                 "pollInterval": "PT0.5S",
                 "coap": {"pskIdentity": "%s", "pskKeyFile": "dev-1.psk", "blockSize": 256,
                          "gatewayUrl": "coap://127.0.0.1:%d"}}"""
                .formatted(server.coap().dtlsPort().orElseThrow(), vendor.vendorId, vendor.classId,
                        psk.get("identity").asText(), gatewayPort));
        byte[] image = TestVendor.randomBytes(30_000, 9);
        vendor.upload(image);
        byte[] envelope = vendor.sign(1, APP, "1.1.0", image);
        long rolloutId = vendor.startRollout(vendor.release(CLASS, envelope));

        Thread gateway = Thread.ofPlatform().name("gateway-daemon-under-test")
                .start(() -> DroverCli.run("agent", "--config", gatewayConfig.toString()));
        Thread device = Thread.ofPlatform().name("device-daemon-under-test")
                .start(() -> DroverCli.run("agent", "--config", deviceConfig.toString()));
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode status = readJson(dir.resolve("dev/status.json"));
                assertThat(status.path("installedSequence").asLong()).isEqualTo(1);
                assertThat(status.at("/inventory/app").asText()).isEqualTo("1.1.0");
            });
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    admin.get("/api/v1/rollouts/" + rolloutId).json().at("/reports/SUCCESS").asLong()).isEqualTo(1));
        } finally {
            device.interrupt();
            gateway.interrupt();
            device.join(Duration.ofSeconds(20));
            gateway.join(Duration.ofSeconds(20));
        }
        assertThat(device.isAlive()).isFalse();
        assertThat(gateway.isAlive()).isFalse();
        assertThat(dir.resolve("gw-cache/" + TestVendor.sha256Hex(image))).hasBinaryContent(image);
        assertThat(dir.resolve("gw-cache/envelopes/" + TestVendor.sha256Hex(envelope))).hasBinaryContent(envelope);
        assertThat(dir.resolve("dev/slots/B/app.img")).hasBinaryContent(image);
    }

    private Path write(String name, String json) throws IOException {
        return Files.writeString(dir.resolve(name), json);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        return Files.exists(file) ? new ObjectMapper().readTree(file.toFile()) : new ObjectMapper().createObjectNode();
    }
}
