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
 * over the CoAP device API with DTLS (PSK), per block size, against an embedded server on loopback. A relay between
 * agent and server counts every datagram's UDP payload (DTLS records) both ways, from the first handshake to the
 * signed SUCCESS report and the health report after it: identity registration, the observed check-in, the envelope,
 * the blocks of the artifact and three reports. Each block size has a device of its own, so each run pays a handshake.
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
        config = config.withCoap(config.coap().withPorts(io.drover.server.coap.CoapSettings.OFF, 0));
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
            for (int size : blockSizes) {
                admin.registerDevice("dev-" + size, CLASS, Map.of("app", "1.0.0"));
            }
            admin.startRollout(NewRollout.everyone(releaseId));
            int dtlsPort = server.coap().dtlsPort().orElseThrow();
            long useful = envelope.length + (long) image.length;
            System.out.printf("one update: envelope %d B + image %d B = %d B; UDP payloads (DTLS records) counted both"
                    + " ways%n%n", envelope.length, image.length, useful);
            System.out.println("| block size | datagrams | UDP payload bytes | over envelope + image | with IPv4/UDP "
                    + "headers | over envelope + image |");
            System.out.println("|---|---|---|---|---|---|");
            for (int size : blockSizes) {
                DatagramStats air = update(admin, "dev-" + size, dtlsPort, size, vendorId, classId, vendorKey,
                        work.resolve("dev-" + size));
                long datagrams = air.forwardedUp() + air.forwardedDown();
                long bytes = air.bytesUp() + air.bytesDown();
                long withHeaders = bytes + datagrams * IPV4_UDP_HEADERS;
                System.out.printf("| %d | %d | %d | %+.1f %% | %d | %+.1f %% |%n", size, datagrams, bytes,
                        100.0 * (bytes - useful) / useful, withHeaders, 100.0 * (withHeaders - useful) / useful);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One device's update, start to finish, through a counting relay; what the relay counted. */
    private static DatagramStats update(ManagementClient admin, String deviceId, int dtlsPort, int blockSize,
            UUID vendorId, UUID classId, SigningKey vendorKey, Path dataDir) throws Exception {
        var issued = admin.issuePsk(deviceId);
        PreSharedKey psk = PreSharedKey.create(issued.get("identity").asText(),
                issued.get("key").asText().getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get());
        try (UdpRelay relay = UdpRelay.start(new InetSocketAddress("127.0.0.1", dtlsPort), DatagramImpairment.NONE,
                DatagramImpairment.NONE, new SplittableRandom(1), Duration.ofMinutes(1))) {
            AgentConfig config = AgentConfig.coap(relay.url("coaps"), CoapSettings.of(psk).withBlockSize(blockSize),
                    dataDir, vendorId, classId, List.of(vendorKey.verificationKey()), Map.of("app", "1.0.0"));
            try (Agent agent = Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC()).build()) {
                CycleOutcome outcome = agent.runOnce();
                if (!(outcome instanceof CycleOutcome.Installed)) {
                    throw new IllegalStateException(deviceId + " did not install in one cycle: " + outcome);
                }
                return relay.stats();
            }
        }
    }
}
