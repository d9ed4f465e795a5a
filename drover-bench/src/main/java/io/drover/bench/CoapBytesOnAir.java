package io.drover.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.drover.cli.api.ManagementClient;
import io.drover.server.rollout.NewRollout;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.SinglePskStore;

/**
 * {@code ./drover bench coap-air [KiB] [token-bytes]}: the bytes one update of a constrained device puts on the air
 * over the CoAP device API at 1024-byte blocks, counted as UDP payload by a relay between a Californium client and
 * a Drover server (its own process): the DTLS handshake (PSK, {@code TLS_PSK_WITH_AES_128_CCM_8}, the server's
 * Connection ID), the check-in that assigns the release, its envelope, the payload, and the device's three reports;
 * then the payload alone over the plain port. Overhead is what the exchange costs above the envelope and payload
 * themselves.
 */
public final class CoapBytesOnAir {
    private static final Pattern DTLS_PORT = Pattern.compile("CoAP device API \\(DTLS\\): coaps://[^:]+:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CBORMapper CBOR = new CBORMapper();
    private static final Pattern PLAIN_PORT = Pattern.compile("CoAP artifacts \\(plain UDP\\): coap://[^:]+:(\\d+)/");

    private CoapBytesOnAir() {}

    public static void main(String[] args) throws Exception {
        int kib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int tokenBytes = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path work = Files.createTempDirectory("drover-bench-coap-air");
        try (ServerProcess server = ServerProcess.start(work.resolve("server"),
                List.of("--coap-port", "0", "--coaps-port", "0"), DTLS_PORT, PLAIN_PORT)) {
            ManagementClient admin = new ManagementClient(server.base(), ServerProcess.ADMIN_TOKEN);
            byte[] payload = new byte[kib << 10];
            new Random(3).nextBytes(payload);
            Path file = Files.write(work.resolve("payload.bin"), payload);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
            UUID vendorId = UUID.randomUUID();
            UUID classId = UUID.randomUUID();
            SigningKey vendor = SigningKey.generate(SignatureAlgorithm.ED25519);
            admin.defineClass("meter", vendorId, classId, List.of("fw"));
            admin.trustSigner("meter", vendor.verificationKey().toPem());
            admin.registerDevice("meter-1", "meter", Map.of("fw", "1.0"));
            admin.uploadArtifact(file, sha);
            byte[] envelope = ManifestSigner.create(vendor).sign(new UpdateSpec(vendorId, classId, 1, List.of(
                    new ImageSpec("fw", "1.1", HexFormat.of().parseHex(sha), payload.length,
                            new ArtifactAddress(sha).uri()))));
            long releaseId = admin.uploadRelease("meter", envelope).get("id").asLong();
            long rolloutId = admin.startRollout(NewRollout.everyone(releaseId)).get("id").asLong();
            String key = admin.issuePsk("meter-1").get("key").asText();

            System.out.println(BenchMachine.describe());
            System.out.printf("payload %d bytes, envelope %d bytes; 1024-byte blocks; %d-byte CoAP tokens; "
                    + "UDP payload bytes (no IP or UDP headers)%n", payload.length, envelope.length, tokenBytes);
            System.out.printf("%-44s %10s %10s %12s%n", "step", "datagrams", "bytes", "body bytes");
            int dtlsPort = Integer.parseInt(server.printed(DTLS_PORT));
            try (UdpCountingRelay relay = new UdpCountingRelay(dtlsPort);
                    Device device = Device.dtls(relay.port(), "meter-1", key, tokenBytes)) {
                UdpCountingRelay.Count start = relay.count();
                device.ping();
                UdpCountingRelay.Count handshake = step(relay, start, "DTLS handshake (and one CoAP ping)", 0);
                String checkIn = device.get("/c").getResponseText();
                if (!checkIn.contains("/e/" + releaseId)) {
                    throw new IllegalStateException("the check-in did not assign release " + releaseId);
                }
                UdpCountingRelay.Count afterCheckIn = relay.count();
                UdpCountingRelay.Count checkInBytes = afterCheckIn.minus(handshake);
                print("check-in GET /c (the assignment)", checkInBytes, 0);
                byte[] gotEnvelope = device.get("/e/" + releaseId).getPayload();
                UdpCountingRelay.Count afterEnvelope = step(relay, afterCheckIn, "envelope GET /e/" + releaseId,
                        gotEnvelope.length);
                byte[] got = device.get("/a/" + sha.substring(0, 16)).getPayload();
                UdpCountingRelay.Count afterPayload = step(relay, afterEnvelope, "payload GET /a/{16 hex}",
                        got.length);
                if (!Arrays.equals(got, payload) || !Arrays.equals(gotEnvelope, envelope)) {
                    throw new IllegalStateException("the device did not get the release byte for byte");
                }
                for (String status : List.of("DOWNLOADING", "INSTALLING")) {
                    device.post("/r", "{\"rolloutId\":" + rolloutId + ",\"status\":\"" + status + "\"}");
                }
                device.post("/r", "{\"rolloutId\":" + rolloutId + ",\"status\":\"SUCCESS\",\"inventory\":{\"fw\":"
                        + "\"1.1\"},\"digests\":{\"fw\":\"" + sha + "\"}}");
                step(relay, afterPayload, "three reports POST /r (unsigned)", 0);
                UdpCountingRelay.Count update = afterPayload.minus(handshake);
                long bodies = envelope.length + payload.length;
                System.out.printf("one update over DTLS: check-in + envelope + payload = %d bytes for %d bytes of "
                        + "envelope and payload: %.2f %% overhead (%.2f %% with the handshake)%n", update.bytes(),
                        bodies, 100.0 * (update.bytes() - bodies) / bodies,
                        100.0 * (afterPayload.minus(start).bytes() - bodies) / bodies);
            }
            int plainPort = Integer.parseInt(server.printed(PLAIN_PORT));
            try (UdpCountingRelay relay = new UdpCountingRelay(plainPort);
                    Device device = Device.plain(relay.port(), tokenBytes)) {
                UdpCountingRelay.Count start = relay.count();
                byte[] got = device.get("/a/" + sha.substring(0, 16)).getPayload();
                UdpCountingRelay.Count plain = step(relay, start, "payload GET /a/{16 hex}, plain port", got.length)
                        .minus(start);
                System.out.printf("payload over plain CoAP: %.2f %% overhead%n",
                        100.0 * (plain.bytes() - payload.length) / payload.length);
            }
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static UdpCountingRelay.Count step(UdpCountingRelay relay, UdpCountingRelay.Count since, String what,
            long bodyBytes) {
        UdpCountingRelay.Count now = relay.count();
        print(what, now.minus(since), bodyBytes);
        return now;
    }

    private static void print(String what, UdpCountingRelay.Count count, long bodyBytes) {
        System.out.printf("%-44s %10d %10d %12d%n", what, count.datagrams(), count.bytes(), bodyBytes);
    }

    /** A constrained device's CoAP stack: Californium with short tokens, 1024-byte blocks. */
    private static final class Device implements AutoCloseable {
        private final CoapEndpoint endpoint;
        private final CoapClient client = new CoapClient();
        private final String base;

        private Device(CoapEndpoint endpoint, String base) {
            this.endpoint = endpoint;
            this.base = base;
            client.setEndpoint(endpoint);
        }

        static Configuration configuration(int tokenBytes) {
            Configuration config = new Configuration(SystemConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                    CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
            config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 16 << 20);
            config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
            config.set(CoapConfig.TOKEN_SIZE_LIMIT, tokenBytes);
            return config;
        }

        static Device dtls(int port, String identity, String key, int tokenBytes) {
            Configuration config = configuration(tokenBytes);
            config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
            config.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8);
            DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                    .setAddress(new InetSocketAddress("127.0.0.1", 0))
                    .setPskStore(new SinglePskStore(identity, key.getBytes(StandardCharsets.US_ASCII))).build());
            return new Device(CoapEndpoint.builder().setConfiguration(config).setConnector(connector).build(),
                    "coaps://127.0.0.1:" + port);
        }

        static Device plain(int port, int tokenBytes) {
            return new Device(CoapEndpoint.builder().setConfiguration(configuration(tokenBytes))
                    .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build(), "coap://127.0.0.1:" + port);
        }

        void ping() {
            if (!client.setURI(base).ping(10_000)) {
                throw new IllegalStateException("no answer to a ping");
            }
        }

        CoapResponse get(String path) throws Exception {
            CoapResponse response = client.setURI(base + path).get();
            if (response == null || !response.isSuccess()) {
                throw new IllegalStateException("GET " + path + ": " + (response == null ? "no answer"
                        : response.getCode() + " " + response.getResponseText()));
            }
            return response;
        }

        /** Posts a JSON-shaped body as CBOR, as a device would send it. */
        void post(String path, String json) throws Exception {
            byte[] cbor = CBOR.writeValueAsBytes(JSON.readTree(json));
            CoapResponse response = client.setURI(base + path).post(cbor, MediaTypeRegistry.APPLICATION_CBOR);
            if (response == null || !response.isSuccess()) {
                throw new IllegalStateException("POST " + path + ": " + (response == null ? "no answer"
                        : response.getCode() + " " + response.getResponseText()));
            }
        }

        @Override
        public void close() {
            client.shutdown();
            endpoint.destroy();
        }
    }
}
