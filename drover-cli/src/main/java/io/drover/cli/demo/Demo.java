package io.drover.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.AgentStatus;
import io.drover.agent.coap.CoapSettings;
import io.drover.agent.coap.PreSharedKey;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.cli.api.ManagementClient;
import io.drover.cli.keys.KeysCommand.KeyFiles;
import io.drover.cli.payload.PayloadEncryption;
import io.drover.cli.release.ReleaseDescription;
import io.drover.cli.release.ReleaseSigner;
import io.drover.error.DroverException;
import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.rollout.NewRollout;
import io.drover.sim.Fleet;
import io.drover.suit.ManifestPrinter;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.VerificationKey;
import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import io.drover.suit.encryption.GroupKey;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The demo scenario: one server on embedded defaults, one vendor, one device class, a few real agents (one over CoAP
 * and DTLS as a constrained device, the others over HTTP), one signed release, encrypted for a group key the devices
 * hold, rolled out to all of them. Every step is printed; the run ends by itself.
 */
final class Demo {
    private static final String CLASS = "thermostat";
    private static final String COMPONENT = "app";
    private static final String ADMIN_TOKEN = "demo-admin-token-" + UUID.randomUUID();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);

    private final PrintStream out;
    private final Path dataDir;
    private final int deviceCount;
    private final Duration timeout;
    private final UUID vendorId = UUID.randomUUID();
    private final UUID classId = UUID.randomUUID();
    private int step;

    Demo(PrintStream out, Path dataDir, int deviceCount, Duration timeout) {
        this.out = out;
        this.dataDir = dataDir.toAbsolutePath();
        this.deviceCount = deviceCount;
        this.timeout = timeout;
    }

    /** Runs the scenario; true when every device ended on the new release. */
    boolean run() throws IOException, InterruptedException {
        emptyDataDir();
        step("Starting a Drover server: embedded H2 database and blob folder in " + dataDir.resolve("server"));
        ServerConfig config = ServerConfig.embedded(dataDir.resolve("server"), "127.0.0.1", 0, ADMIN_TOKEN);
        try (DroverServer server = DroverServer.start(config.withCoap(config.coap().withPorts(0, 0)),
                Clock.systemUTC())) {
            URI base = server.baseUrl("127.0.0.1");
            detail("listening on " + base + ", and for CoAP over DTLS on UDP port "
                    + server.coap().dtlsPort().orElseThrow());
            ManagementClient api = new ManagementClient(base, ADMIN_TOKEN);

            step("The vendor generates an ES256 (P-256) signing key; its private half never reaches the server");
            SigningKey vendorKey = SigningKey.generate(SignatureAlgorithm.ES256);
            KeyFiles keyFiles = KeyFiles.write(vendorKey, dataDir.resolve("vendor/vendor"));
            detail("key id " + keyFiles.keyId() + ", files " + keyFiles.privateKey().getFileName() + " and " + keyFiles.publicKey().getFileName());

            step("The operator defines device class '" + CLASS + "' (component '" + COMPONENT + "') and trusts the vendor's key for it");
            api.defineClass(CLASS, vendorId, classId, List.of(COMPONENT));
            api.trustSigner(CLASS, vendorKey.verificationKey().toPem());
            detail("SUIT vendor-id " + vendorId + ", class-id " + classId);

            step("Registering " + deviceCount + " devices, each running " + COMPONENT + " 1.0.0 from the factory");
            Map<String, String> tokens = new LinkedHashMap<>();
            for (int i = 1; i <= deviceCount; i++) {
                String id = "%s-%03d".formatted(CLASS, i);
                tokens.put(id, api.registerDevice(id, CLASS, Map.of(COMPONENT, "1.0.0")));
            }
            detail(String.join(", ", tokens.keySet()));

            step("The vendor makes a group key for the fleet (A128KW); the devices hold it, the server never does");
            GroupKey fleetKey = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
            Path fleetKeyFile = dataDir.resolve("vendor/fleet.group.pem");
            Files.writeString(fleetKeyFile, fleetKey.toPem(SecretKeyAccess.get()));
            PayloadEncryption encryption = new PayloadEncryption(ContentEncryptionAlgorithm.A128GCM,
                    fleetKeyFile.getFileName().toString(), null);

            step("The vendor builds firmware " + COMPONENT + " 1.1.0, encrypts it for the fleet and signs release #1");
            byte[] envelope = signRelease(vendorKey, 1, "1.1.0", encryption);
            Path firmware = dataDir.resolve("vendor/app-1.1.0.bin");
            Path ciphertext = ReleaseSigner.encryptedArtifact(releaseFile(1), COMPONENT);
            detail("the payload is encrypted: A128GCM under a fresh content key, wrapped (A128KW) for the fleet key");
            detail("the manifest keeps the plaintext's digest and size; its uri names the ciphertext " + ciphertext.getFileName());
            for (String line : ManifestPrinter.describe(SuitEnvelope.decode(envelope)).split("\n")) {
                detail(line);
            }

            step("Uploading the encrypted artifact and the release: the server checks signer, class, artifact and sequence number");
            api.uploadArtifact(ciphertext, HexFormat.of().formatHex(ReleaseSigner.digestOf(ciphertext)));
            JsonNode release = api.uploadRelease(CLASS, envelope);
            detail("release " + release.get("id").asLong() + " accepted, signed by key " + release.get("signerKeyId").asText());
            if (storesFileNamed(HexFormat.of().formatHex(ReleaseSigner.digestOf(firmware)))) {
                detail("UNEXPECTED: the server stores the plaintext firmware");
                return false;
            }
            detail("the server stores only ciphertext: no blob under " + dataDir.resolve("server/blobs")
                    + " is the plaintext firmware");

            step("An attacker's release, signed by a key the class does not trust, is refused");
            try {
                api.uploadRelease(CLASS, signRelease(SigningKey.generate(SignatureAlgorithm.ED25519), 2, "6.6.6", null));
                detail("UNEXPECTED: the forged release was accepted");
                return false;
            } catch (DroverException refused) {
                detail("refused: " + refused.errorCode() + " — " + refused.getMessage());
            }

            String constrained = tokens.keySet().iterator().next();
            step("Device " + constrained + " is constrained: it speaks CoAP over DTLS, with a pre-shared key the operator"
                    + " issued");
            JsonNode issued = api.issuePsk(constrained);
            PreSharedKey psk = PreSharedKey.create(issued.get("identity").asText(),
                    issued.get("key").asText().getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get());
            detail("PSK identity " + psk.identity() + ", generation " + issued.get("generation").asInt()
                    + " (the server keeps no key: it derives it from its master key)");
            URI coapUrl = URI.create("coaps://127.0.0.1:" + server.coap().dtlsPort().orElseThrow());

            step("Starting " + deviceCount + " agents, each with its own A/B slots under " + dataDir.resolve("devices")
                    + "; " + constrained + "'s over " + coapUrl + ", block-wise in 1024-byte blocks");
            try (Fleet fleet = Fleet.start(agents(base, tokens, coapUrl, Map.of(constrained, psk), vendorKey, fleetKey),
                    POLL_INTERVAL)) {
                step("Rolling release #1 out to every " + CLASS);
                long rolloutId = api.startRollout(NewRollout.everyone(release.get("id").asLong())).get("id").asLong();
                boolean done = awaitRollout(api, rolloutId) && awaitAgents(fleet);

                step("Final state of every device, and its report signed with its own identity key");
                boolean allVerified = printFinalState(api, rolloutId, fleet.statuses(), constrained);
                out.println();
                if (!done) {
                    out.println("Demo incomplete: not every device reported success within " + timeout.toSeconds()
                            + " s.");
                } else if (!allVerified) {
                    out.println("UNEXPECTED: not every device's report verified against its identity key.");
                } else {
                    out.println("Demo complete: all " + deviceCount + " devices run " + COMPONENT
                            + " 1.1.0 and signed their reports.");
                }
                return done && allVerified;
            }
        }
    }

    /** Signs a release of fresh firmware; encrypted with {@code encryption} unless it is null. */
    private byte[] signRelease(SigningKey key, long sequence, String version, PayloadEncryption encryption)
            throws IOException {
        Path firmware = dataDir.resolve("vendor/app-" + version + ".bin");
        byte[] image = new byte[256 * 1024];
        new Random(sequence).nextBytes(image);
        Files.write(firmware, image);
        ReleaseDescription description = new ReleaseDescription(vendorId, classId, sequence, List.of(
                new ReleaseDescription.Component(COMPONENT, version, firmware.getFileName().toString(), null, encryption)));
        return ReleaseSigner.sign(key, description, firmware.getParent(), Optional.of(releaseFile(sequence)));
    }

    private Path releaseFile(long sequence) {
        return dataDir.resolve("vendor/release-" + sequence + ".suit");
    }

    /** Whether any file the server keeps (blobs, database) is named {@code name}: blobs are named by their digest. */
    private boolean storesFileNamed(String name) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("server"))) {
            return files.anyMatch(p -> p.getFileName().toString().equals(name));
        }
    }

    /** An agent per device: over HTTP with its token, or over CoAP and DTLS for the devices holding a PSK. */
    private Map<String, Agent> agents(URI base, Map<String, String> tokens, URI coapUrl,
            Map<String, PreSharedKey> constrained, SigningKey vendorKey, GroupKey fleetKey) {
        Map<String, Agent> agents = new LinkedHashMap<>();
        tokens.forEach((id, token) -> {
            Path deviceDir = dataDir.resolve("devices").resolve(id);
            List<VerificationKey> trusted = List.of(vendorKey.verificationKey());
            Map<String, String> factory = Map.of(COMPONENT, "1.0.0");
            AgentConfig config = constrained.containsKey(id)
                    ? AgentConfig.coap(coapUrl, CoapSettings.of(constrained.get(id)), deviceDir, vendorId, classId,
                            trusted, factory)
                    : new AgentConfig(base, token, deviceDir, vendorId, classId, trusted, factory);
            agents.put(id, Agent.builder(config, new ImageDigestHealthCheck(), Clock.systemUTC())
                    .decryptionKey(fleetKey)
                    .build());
        });
        return agents;
    }

    /**
     * The server counts a device's SUCCESS as soon as its report arrives; the agent publishes its own status only once
     * its cycle ends, a moment later. The final table reads those statuses, so it waits for them (a poll or so).
     */
    private boolean awaitAgents(Fleet fleet) throws InterruptedException {
        Instant deadline = Instant.now().plus(POLL_INTERVAL.multipliedBy(10));
        while (!fleet.statuses().values().stream().allMatch(s -> "1.1.0".equals(s.inventory().get(COMPONENT)))) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private boolean awaitRollout(ManagementClient api, long rolloutId) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            JsonNode reports = api.rollout(rolloutId).get("reports");
            String progress = "reports so far: " + (reports.isEmpty() ? "none" : reports.toString());
            if (!progress.equals(last)) {
                detail(progress);
                last = progress;
            }
            if (reports.path("SUCCESS").asLong() == deviceCount) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Prints a row per device; true when every device's report verified against its registered identity key. */
    private boolean printFinalState(ManagementClient api, long rolloutId, Map<String, AgentStatus> statuses,
            String constrained) {
        Map<String, Boolean> verified = new LinkedHashMap<>();
        api.rolloutDevices(rolloutId).forEach(r -> verified.put(r.get("deviceId").asText(), r.get("verified").asBoolean()));
        detail("%-16s %-5s %-12s %-12s %-6s %-18s %-9s %s".formatted("device", "link", "agent runs", "server sees",
                "slot", "identity key", "report", "last cycle"));
        statuses.forEach((id, status) -> {
            JsonNode device = api.device(id);
            detail("%-16s %-5s %-12s %-12s %-6s %-18s %-9s %s".formatted(id, id.equals(constrained) ? "CoAP" : "HTTP",
                    COMPONENT + " " + status.inventory().get(COMPONENT),
                    COMPONENT + " " + device.at("/inventory/" + COMPONENT).asText(),
                    status.activeSlot(),
                    device.at("/identity/keyId").asText("-"),
                    verified.getOrDefault(id, false) ? "verified" : "unsigned",
                    status.lastOutcome().map(o -> o.getClass().getSimpleName()).orElse("-")));
        });
        return statuses.keySet().stream().allMatch(id -> verified.getOrDefault(id, false));
    }

    private void emptyDataDir() throws IOException {
        if (Files.exists(dataDir)) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dataDir.resolve("vendor"));
    }

    private void step(String text) {
        out.println();
        out.println("[" + ++step + "] " + text);
    }

    private void detail(String text) {
        out.println("    " + text);
    }
}
