package io.drover.sim.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.AgentErrors;
import io.drover.agent.CycleOutcome;
import io.drover.agent.coap.CoapSettings;
import io.drover.agent.download.RetryPolicy;
import io.drover.agent.gateway.BlobKind;
import io.drover.agent.gateway.Gateway;
import io.drover.agent.gateway.GatewaySettings;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.error.DroverException;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.sim.VendorAgents;
import io.drover.sim.impair.DatagramImpairment;
import io.drover.sim.impair.ImpairedRelay;
import io.drover.sim.impair.Impairment;
import io.drover.sim.impair.UdpRelay;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.option.BlockOption;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constrained agents behind a gateway agent: check-ins and reports go to a real server over DTLS, envelopes and
 * artifacts come from the gateway, which fetches each once from the server over HTTP. Every device's link to the
 * server and the gateway's link to it go through relays that count their bytes.
 */
class GatewayEndToEndTest {
    static final String CLASS = "sensor";
    static final String GATEWAYS = "gateway";
    static final String APP = "app";
    static final int DEVICES = 4;

    @TempDir
    Path dir;

    TestServer server;
    ApiClient admin;
    ServerDtls dtls;
    TestVendor vendor;
    byte[] image;
    byte[] envelope;
    long rolloutId;
    ImpairedRelay gatewayUplink;
    Agent gatewayAgent;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = TestServer.withCoap(StoreBackend.H2, coap -> coap);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        dtls = new ServerDtls(server, admin);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        vendor.defineClass(GATEWAYS, UUID.randomUUID(), APP);
        image = TestVendor.randomBytes(60_000, 5);
        vendor.upload(image);
        for (int i = 0; i < DEVICES; i++) {
            vendor.register("dev-" + i, CLASS, APP, "1.0.0");
        }
        envelope = vendor.sign(1, APP, "1.1.0", image);
        rolloutId = vendor.startRollout(vendor.release(CLASS, envelope));
        String token = vendor.register("gw-1", GATEWAYS, APP, "1.0.0");
        gatewayUplink = closing(ImpairedRelay.start(new InetSocketAddress("127.0.0.1", server.baseUrl().getPort()),
                Impairment.NONE, Impairment.NONE, new SplittableRandom(1), Duration.ofSeconds(30)));
        AgentConfig gatewayConfig = VendorAgents.config(vendor, gatewayUplink.httpUrl(), token, dir.resolve("gw-1"),
                Map.of(APP, "1.0.0"));
        gatewayAgent = Agent.builder(gatewayConfig, new ImageDigestHealthCheck(), Clock.systemUTC())
                .gateway(GatewaySettings.of(new InetSocketAddress("127.0.0.1", 0), dir.resolve("gw-1/cache")))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        gatewayAgent.close();
        server.close();
    }

    @Test
    void devicesBehindAGatewayGetTheEnvelopeAndEveryArtifactByteFromItWhileTheServerSendsEachOnce() throws Exception {
        Gateway gateway = gatewayAgent.gateway().orElseThrow();
        List<UdpRelay> deviceLinks = new ArrayList<>();
        List<Future<CycleOutcome>> outcomes = new ArrayList<>();
        try (ExecutorService devices = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < DEVICES; i++) {
                UdpRelay link = closing(UdpRelay.start(new InetSocketAddress("127.0.0.1", dtls.port()),
                        DatagramImpairment.NONE, DatagramImpairment.NONE, new SplittableRandom(i),
                        Duration.ofSeconds(30)));
                deviceLinks.add(link);
                Agent agent = closing(agent("dev-" + i, link.url("coaps"), gateway.url()));
                outcomes.add(devices.submit(() -> CoapAgentEndToEndTest.installed(agent)));
            }
        }

        for (Future<CycleOutcome> outcome : outcomes) {
            assertThat(outcome.get()).isInstanceOf(CycleOutcome.Installed.class);
        }
        for (int i = 0; i < DEVICES; i++) {
            assertThat(dir.resolve("dev-" + i + "/slots/B/app.img")).hasBinaryContent(image);
            JsonNode report = deviceReport("dev-" + i);
            assertThat(report.get("status").asText()).isEqualTo("SUCCESS");
            assertThat(report.get("verified").asBoolean()).isTrue();
            // Check-ins and reports: nowhere near the artifact's bytes.
            assertThat(deviceLinks.get(i).stats().bytesDown()).isLessThan(image.length / 4);
        }
        // Every device asked the gateway for the envelope and the artifact; the gateway asked the server once each.
        assertThat(gateway.cache().transfers(BlobKind.ENVELOPE)).isEqualTo(DEVICES);
        assertThat(gateway.cache().transfers(BlobKind.ARTIFACT)).isGreaterThanOrEqualTo(DEVICES);
        assertThat(gateway.cache().fetches(BlobKind.ENVELOPE)).isEqualTo(1);
        assertThat(gateway.cache().fetches(BlobKind.ARTIFACT)).isEqualTo(1);
        assertThat(dir.resolve("gw-1/cache/envelopes/" + TestVendor.sha256Hex(envelope))).hasBinaryContent(envelope);
        // Asked for by the server's short name, kept under the whole digest.
        assertThat(dir.resolve("gw-1/cache/" + TestVendor.sha256Hex(image))).hasBinaryContent(image);
        // The server sent the envelope and the artifact to the gateway once: their bytes, plus a little HTTP.
        assertThat(gatewayUplink.stats().bytesDown())
                .isBetween((long) image.length + envelope.length, image.length + envelope.length + 4_096L);
    }

    @Test
    void aGatewayFetchesAgainAnEnvelopeAndAnArtifactWhoseCachedFilesWereTamperedWith() throws Exception {
        Gateway gateway = gatewayAgent.gateway().orElseThrow();
        try (Agent first = agent("dev-0", dtls.url(), gateway.url())) {
            assertThat(CoapAgentEndToEndTest.installed(first)).isInstanceOf(CycleOutcome.Installed.class);
        }
        Path cachedImage = dir.resolve("gw-1/cache/" + TestVendor.sha256Hex(image));
        byte[] tamperedImage = image.clone();
        tamperedImage[30_000] ^= 0x40;
        Files.write(cachedImage, tamperedImage);
        Path cachedEnvelope = dir.resolve("gw-1/cache/envelopes/" + TestVendor.sha256Hex(envelope));
        Files.write(cachedEnvelope, withNewerVersion(envelope));

        try (Agent second = agent("dev-1", dtls.url(), gateway.url())) {
            assertThat(CoapAgentEndToEndTest.installed(second)).isInstanceOf(CycleOutcome.Installed.class);
        }

        assertThat(dir.resolve("dev-1/slots/B/app.img")).hasBinaryContent(image);
        assertThat(cachedImage).hasBinaryContent(image);
        assertThat(cachedEnvelope).hasBinaryContent(envelope);
        assertThat(gateway.cache().fetches(BlobKind.ARTIFACT)).isEqualTo(2);
        assertThat(gateway.cache().fetches(BlobKind.ENVELOPE)).isEqualTo(2);
        assertThat(gatewayUplink.stats().bytesDown()).isGreaterThan(2L * image.length);
    }

    @Test
    void aDeviceFetchesAgainAnEnvelopeAMaliciousGatewayAlteredAndNeverRefusesTheReleaseForIt() throws Exception {
        MaliciousGateway malicious = maliciousGateway(Map.of("e", withNewerVersion(envelope), "a", image));

        try (Agent agent = agent("dev-0", dtls.url(), malicious.url())) {
            for (int cycle = 0; cycle < 2; cycle++) {
                assertThatThrownBy(agent::runOnce).isInstanceOfSatisfying(DroverException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(AgentErrors.ENVELOPE_DIGEST_MISMATCH);
                    assertThat(e.getMessage()).contains("not the " + TestVendor.sha256Hex(envelope));
                });
            }
            assertThat(agent.status().installedSequence()).isZero();
            assertThat(agent.status().inventory()).containsEntry(APP, "1.0.0");
        }
        // Each cycle asked the gateway for the envelope the server named, and, not getting it, for nothing else.
        assertThat(malicious.paths()).hasSize(2).containsOnly("/e/" + TestVendor.sha256Hex(envelope));
        assertThat(dir.resolve("dev-0/slots/B/app.img")).doesNotExist();
        assertThat(admin.get("/api/v1/devices/dev-0/history").json().toString()).doesNotContain("FAILURE");

        // Nothing was refused: through an honest gateway the same device installs the release.
        try (Agent agent = agent("dev-0", dtls.url(), gatewayAgent.gateway().orElseThrow().url())) {
            assertThat(CoapAgentEndToEndTest.installed(agent)).isInstanceOf(CycleOutcome.Installed.class);
        }
        assertThat(deviceReport("dev-0").get("status").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void aDeviceRefusesWhatAMaliciousGatewayServesInPlaceOfTheArtifactAndReportsIt() throws Exception {
        byte[] forged = image.clone();
        forged[12_345] ^= 0x01;
        MaliciousGateway malicious = maliciousGateway(Map.of("e", envelope, "a", forged));

        try (Agent agent = agent("dev-0", dtls.url(), malicious.url())) {
            CycleOutcome outcome = CoapAgentEndToEndTest.installed(agent);

            assertThat(outcome).isInstanceOfSatisfying(CycleOutcome.Rejected.class,
                    rejected -> assertThat(rejected.reason()).isEqualTo(AgentErrors.IMAGE_DIGEST_MISMATCH));
            assertThat(agent.status().installedSequence()).isZero();
        }
        assertThat(dir.resolve("dev-0/slots/B/app.img")).doesNotExist();
        JsonNode report = deviceReport("dev-0");
        assertThat(report.get("status").asText()).isEqualTo("FAILURE");
        assertThat(report.get("reason").asText()).startsWith("agent.image-digest-mismatch");
        assertThat(report.get("verified").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/devices/dev-0/history").json().toString()).contains("RETRYING");
        // The device asked for its envelope by the whole digest the server named, for the artifact by the server's
        // own short name, the first 16 hex digits of its digest, which every block request carries.
        assertThat(malicious.paths()).contains("/e/" + TestVendor.sha256Hex(envelope))
                .contains("/a/" + TestVendor.sha256Hex(image).substring(0, 16))
                .allMatch(path -> path.startsWith("/e/") || path.length() == "/a/".length() + 16);
    }

    Agent agent(String id, URI serverUrl, URI gatewayUrl) {
        CoapSettings settings = CoapSettings.of(dtls.psk(id)).withGatewayUrl(gatewayUrl);
        AgentConfig config = AgentConfig.coap(serverUrl, settings, dir.resolve(id), vendor.vendorId, vendor.classId,
                List.of(vendor.key.verificationKey()), Map.of(APP, "1.0.0"));
        return Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC())
                .downloadRetry(new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(200)))
                .requestTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The envelope with its manifest's app version raised: what a gateway might hand out to make devices install. */
    static byte[] withNewerVersion(byte[] envelope) {
        byte[] version = "1.1.0".getBytes(StandardCharsets.US_ASCII);
        byte[] altered = envelope.clone();
        for (int i = 0; i + version.length <= altered.length; i++) {
            if (Arrays.equals(altered, i, i + version.length, version, 0, version.length)) {
                altered[i] = '9';
                return altered;
            }
        }
        throw new AssertionError("the envelope holds no version 1.1.0");
    }

    /** A gateway that serves bytes of its own choosing, and the paths devices asked it for. */
    record MaliciousGateway(URI url, List<String> paths) {}

    /**
     * A CoAP server that answers {@code /<resource>/<anything>} block by block with what {@code content} holds for
     * the resource ({@code a}, {@code e}), in blocks of the size asked: a gateway that hands out other bytes than the
     * server's.
     */
    MaliciousGateway maliciousGateway(Map<String, byte[]> content) {
        Configuration config = new Configuration();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        CoapServer malicious = new CoapServer(config);
        malicious.addEndpoint(endpoint);
        List<String> paths = new CopyOnWriteArrayList<>();
        content.forEach((name, body) -> malicious.add(new CoapResource(name) {
            @Override
            public Resource getChild(String child) {
                return this;
            }

            @Override
            public void handleGET(CoapExchange exchange) {
                paths.add("/" + exchange.getRequestOptions().getUriPathString());
                BlockOption asked = exchange.getRequestOptions().getBlock2();
                int size = asked == null ? 1024 : asked.getSize();
                int offset = asked == null ? 0 : asked.getOffset();
                int end = Math.min(body.length, offset + size);
                Response response = new Response(ResponseCode.CONTENT);
                response.setPayload(Arrays.copyOfRange(body, offset, end));
                response.getOptions().setBlock2(BlockOption.size2Szx(size), end < body.length, offset / size)
                        .setSize2(body.length);
                exchange.respond(response);
            }
        }));
        malicious.start();
        closing(malicious::destroy);
        return new MaliciousGateway(URI.create("coap://127.0.0.1:" + endpoint.getAddress().getPort()), paths);
    }

    JsonNode deviceReport(String deviceId) {
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
}
