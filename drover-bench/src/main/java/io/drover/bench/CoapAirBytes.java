package io.drover.bench;

import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.CycleOutcome;
import io.drover.agent.coap.CoapSettings;
import io.drover.agent.coap.PreSharedKey;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.cli.api.ManagementClient;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.rollout.NewRollout;
import io.drover.sim.impair.DatagramImpairment;
import io.drover.sim.impair.DatagramStats;
import io.drover.sim.impair.UdpRelay;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code ./drover bench air [image-bytes]}: the bytes one constrained agent sends and receives for one full update
 * over the CoAP device API, per block size, against an embedded server on loopback; once with everything over DTLS
 * (PSK), once with the envelope and the artifact's blocks taken from the server's plain CoAP port, its
 * {@code coap.gatewayUrl}. Relays between agent and server count every datagram's UDP payload both ways, from the
 * first handshake to the signed SUCCESS report and the health report after it: identity registration, the observed
 * check-in, the envelope, the blocks of the artifact and three reports. Each block size and route has a device of its
 * own, so each run pays a handshake.
 */
public final class CoapAirBytes {
    private static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
    private static final String CLASS = "bench";
    /** IPv4 and UDP headers, which the relay does not see: what each datagram adds on an IPv4 link. */
    private static final int IPV4_UDP_HEADERS = 28;

    private CoapAirBytes() {}

    public static void main(String[] args) throws Exception {
        int imageBytes = args.length > 0 ? Integer.parseInt(args[0]) : 256 * 1024;
        Path work = Files.createTempDirectory("drover-bench-air");
        ServerConfig config = ServerConfig.embedded(work.resolve("server"), "127.0.0.1", 0, ADMIN_TOKEN);
        config = config.withCoap(config.coap().withPorts(0, 0));
        try (DroverServer server = DroverServer.start(config, Clock.systemUTC())) {
            ManagementClient admin = new ManagementClient(server.baseUrl("127.0.0.1"), ADMIN_TOKEN);
            UUID vendorId = UUID.randomUUID();
            UUID classId = UUID.randomUUID();
            SigningKey vendorKey = SigningKey.generate(SignatureAlgorithm.ED25519);
            admin.defineClass(CLASS, vendorId, classId, List.of("app"));
            admin.trustSigner(CLASS, vendorKey.verificationKey().toPem());
            byte[] image = new byte[imageBytes];
            new SplittableRandom(1).nextBytes(image);
            Path file = Files.write(work.resolve("app.bin"), image);
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(image);
            admin.uploadArtifact(file, ArtifactAddress.of(sha256).sha256Hex());
            byte[] envelope = ManifestSigner.create(vendorKey).sign(new UpdateSpec(vendorId, classId, 1,
                    List.of(new ImageSpec("app", "1.1.0", sha256, image.length, ArtifactAddress.of(sha256).uri()))));
            long releaseId = admin.uploadRelease(CLASS, envelope).get("id").asLong();
            List<Integer> blockSizes = List.of(1024, 512, 256, 128, 64);
            for (Route route : Route.values()) {
                for (int size : blockSizes) {
                    admin.registerDevice(route.deviceId(size), CLASS, Map.of("app", "1.0.0"));
                }
            }
            admin.startRollout(NewRollout.everyone(releaseId));
            Ports ports = new Ports(server.coap().dtlsPort().orElseThrow(), server.coap().port().orElseThrow());
            long useful = envelope.length + (long) image.length;
            System.out.printf("one update: envelope %d B + image %d B = %d B; UDP payloads counted both ways%n",
                    envelope.length, image.length, useful);
            for (Route route : Route.values()) {
                System.out.printf("%n%s%n%n", route.title);
                System.out.println("| block size | datagrams | UDP payload bytes | over envelope + image | with IPv4/UDP "
                        + "headers | over envelope + image |");
                System.out.println("|---|---|---|---|---|---|");
                for (int size : blockSizes) {
                    Air air = update(admin, route, size, ports, vendorId, classId, vendorKey,
                            work.resolve(route.deviceId(size)));
                    long withHeaders = air.bytes() + air.datagrams() * IPV4_UDP_HEADERS;
                    System.out.printf("| %d | %d | %d | %+.1f %% | %d | %+.1f %% |%n", size, air.datagrams(),
                            air.bytes(), 100.0 * (air.bytes() - useful) / useful, withHeaders,
                            100.0 * (withHeaders - useful) / useful);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Where the device's artifact blocks travel. */
    private enum Route {
        DTLS("Everything over DTLS (PSK): handshake, check-in, envelope, artifact blocks, reports"),
        PLAIN_ARTIFACTS("Check-in and reports over DTLS (PSK); envelope (by its digest) and artifact blocks (by the"
                + " check-in's 16-digit names) from the server's plain CoAP port (`coap.gatewayUrl`): the envelope is"
                + " authenticated by the digest named over DTLS and its signature, the payload by the signed"
                + " manifest's digest (and encrypted, when the release is), whatever carries them");

        final String title;

        Route(String title) {
            this.title = title;
        }

        String deviceId(int blockSize) {
            return "dev-" + name().toLowerCase().replace('_', '-') + "-" + blockSize;
        }
    }

    private record Ports(int dtls, int plain) {}

    /** What the relays counted: datagrams and UDP payload bytes, both ways. */
    private record Air(long datagrams, long bytes) {
        static Air of(DatagramStats stats) {
            return new Air(stats.forwardedUp() + stats.forwardedDown(), stats.bytesUp() + stats.bytesDown());
        }

        Air plus(Air other) {
            return new Air(datagrams + other.datagrams, bytes + other.bytes);
        }
    }

    /** One device's update, start to finish, through counting relays; what they counted. */
    private static Air update(ManagementClient admin, Route route, int blockSize, Ports ports, UUID vendorId,
            UUID classId, SigningKey vendorKey, Path dataDir) throws Exception {
        String deviceId = route.deviceId(blockSize);
        var issued = admin.issuePsk(deviceId);
        PreSharedKey psk = PreSharedKey.create(issued.get("identity").asText(),
                issued.get("key").asText().getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get());
        try (UdpRelay secure = relayTo(ports.dtls()); UdpRelay plain = relayTo(ports.plain())) {
            CoapSettings coap = CoapSettings.of(psk).withBlockSize(blockSize);
            if (route == Route.PLAIN_ARTIFACTS) {
                coap = coap.withGatewayUrl(plain.url("coap"));
            }
            AgentConfig config = AgentConfig.coap(secure.url("coaps"), coap, dataDir, vendorId, classId,
                    List.of(vendorKey.verificationKey()), Map.of("app", "1.0.0"));
            try (Agent agent = Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC()).build()) {
                CycleOutcome outcome = agent.runOnce();
                if (!(outcome instanceof CycleOutcome.Installed)) {
                    throw new IllegalStateException(deviceId + " did not install in one cycle: " + outcome);
                }
                return Air.of(secure.stats()).plus(Air.of(plain.stats()));
            }
        }
    }

    private static UdpRelay relayTo(int port) throws IOException {
        return UdpRelay.start(new InetSocketAddress("127.0.0.1", port), DatagramImpairment.NONE,
                DatagramImpairment.NONE, new SplittableRandom(1), Duration.ofMinutes(1));
    }
}
