package io.drover.sim.coap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.AgentErrors;
import io.drover.agent.CycleOutcome;
import io.drover.agent.coap.CoapSettings;
import io.drover.agent.coap.PreSharedKey;
import io.drover.agent.download.RetryPolicy;
import io.drover.agent.gateway.Gateway;
import io.drover.agent.gateway.GatewaySettings;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.sim.impair.DatagramImpairment;
import io.drover.sim.impair.ImpairedRelay;
import io.drover.sim.impair.Impairment;
import io.drover.sim.impair.UdpRelay;
import io.drover.suit.SecretKeyAccess;
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
 * Constrained agents behind a gateway agent: check-ins, envelopes and reports go to a real server over DTLS, artifacts
 * come from the gateway, which fetches each once from the server over HTTP. Every device's link to the server and the
 * gateway's link to it go through relays that count their bytes.
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
    TestVendor vendor;
    byte[] image;
    long rolloutId;
    ImpairedRelay gatewayUplink;
    Agent gatewayAgent;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = TestServer.withCoap(StoreBackend.H2, coap -> coap);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        vendor.defineClass(GATEWAYS, UUID.randomUUID(), APP);
        image = TestVendor.randomBytes(60_000, 5);
        vendor.upload(image);
        for (int i = 0; i < DEVICES; i++) {
            vendor.register("dev-" + i, CLASS, APP, "1.0.0");
        }
        rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
        String token = vendor.register("gw-1", GATEWAYS, APP, "1.0.0");
        gatewayUplink = closing(ImpairedRelay.start(new InetSocketAddress("127.0.0.1", server.baseUrl().getPort()),
                Impairment.NONE, Impairment.NONE, new SplittableRandom(1), Duration.ofSeconds(30)));
        AgentConfig gatewayConfig = new AgentConfig(gatewayUplink.httpUrl(), token, dir.resolve("gw-1"),
                vendor.vendorId, vendor.classId, List.of(vendor.key.verificationKey()), Map.of(APP, "1.0.0"));
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
    void devicesBehindAGatewayGetEveryArtifactByteFromItWhileTheServerSendsItOnce() throws Exception {
        Gateway gateway = gatewayAgent.gateway().orElseThrow();
        List<UdpRelay> deviceLinks = new ArrayList<>();
        List<Future<CycleOutcome>> outcomes = new ArrayList<>();
        try (ExecutorService devices = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < DEVICES; i++) {
                UdpRelay link = closing(UdpRelay.start(new InetSocketAddress("127.0.0.1", dtlsPort()),
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
            // Check-ins, the envelope and reports: nowhere near the artifact's bytes.
            assertThat(deviceLinks.get(i).stats().bytesDown()).isLessThan(image.length / 4);
        }
        assertThat(gateway.cache().fetches()).isEqualTo(1);
        // The server sent the artifact to the gateway once: its bytes, plus a little HTTP.
        assertThat(gatewayUplink.stats().bytesDown()).isBetween((long) image.length, image.length + 4_096L);
    }

    @Test
    void aGatewayFetchesAgainAnArtifactWhoseCachedFileWasTamperedWith() throws Exception {
        Gateway gateway = gatewayAgent.gateway().orElseThrow();
        try (Agent first = agent("dev-0", dtls(), gateway.url())) {
            assertThat(CoapAgentEndToEndTest.installed(first)).isInstanceOf(CycleOutcome.Installed.class);
        }
        Path cached = dir.resolve("gw-1/cache/" + TestVendor.sha256Hex(image));
        byte[] tampered = image.clone();
        tampered[30_000] ^= 0x40;
        Files.write(cached, tampered);

        try (Agent second = agent("dev-1", dtls(), gateway.url())) {
            assertThat(CoapAgentEndToEndTest.installed(second)).isInstanceOf(CycleOutcome.Installed.class);
        }

        assertThat(dir.resolve("dev-1/slots/B/app.img")).hasBinaryContent(image);
        assertThat(cached).hasBinaryContent(image);
        assertThat(gateway.cache().fetches()).isEqualTo(2);
        assertThat(gatewayUplink.stats().bytesDown()).isGreaterThan(2L * image.length);
    }

    @Test
    void aDeviceRefusesWhatAMaliciousGatewayServesInPlaceOfTheArtifactAndReportsIt() throws Exception {
        byte[] forged = image.clone();
        forged[12_345] ^= 0x01;
        URI malicious = maliciousGateway(forged);

        try (Agent agent = agent("dev-0", dtls(), malicious)) {
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
    }

    Agent agent(String id, URI serverUrl, URI artifactUrl) {
        CoapSettings settings = CoapSettings.of(psk(id)).withArtifactUrl(artifactUrl);
        AgentConfig config = AgentConfig.coap(serverUrl, settings, dir.resolve(id), vendor.vendorId, vendor.classId,
                List.of(vendor.key.verificationKey()), Map.of(APP, "1.0.0"));
        return Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC())
                .downloadRetry(new RetryPolicy(5, Duration.ofMillis(20), Duration.ofMillis(200)))
                .requestTimeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * A CoAP server that answers {@code /a/<anything>} block by block with {@code content}, in blocks of the size
     * asked: a gateway that hands out other bytes than the artifact's.
     */
    URI maliciousGateway(byte[] content) {
        Configuration config = new Configuration();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        CoapServer malicious = new CoapServer(config);
        malicious.addEndpoint(endpoint);
        malicious.add(new CoapResource("a") {
            @Override
            public Resource getChild(String name) {
                return this;
            }

            @Override
            public void handleGET(CoapExchange exchange) {
                BlockOption asked = exchange.getRequestOptions().getBlock2();
                int size = asked == null ? 1024 : asked.getSize();
                int offset = asked == null ? 0 : asked.getOffset();
                int end = Math.min(content.length, offset + size);
                Response response = new Response(ResponseCode.CONTENT);
                response.setPayload(Arrays.copyOfRange(content, offset, end));
                response.getOptions().setBlock2(BlockOption.size2Szx(size), end < content.length, offset / size)
                        .setSize2(content.length);
                exchange.respond(response);
            }
        });
        malicious.start();
        closing(malicious::destroy);
        return URI.create("coap://127.0.0.1:" + endpoint.getAddress().getPort());
    }

    PreSharedKey psk(String deviceId) {
        var issued = admin.postJson("/api/v1/devices/" + deviceId + "/psk", "{}");
        assertThat(issued.status()).as(new String(issued.body())).isEqualTo(201);
        return PreSharedKey.create(issued.json().get("identity").asText(),
                issued.json().get("key").asText().getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get());
    }

    URI dtls() {
        return URI.create("coaps://127.0.0.1:" + dtlsPort());
    }

    int dtlsPort() {
        return server.coap().dtlsPort().orElseThrow();
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
