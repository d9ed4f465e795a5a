package io.drover.agent.testing;

import io.drover.agent.Agent;
import io.drover.agent.AgentConfig;
import io.drover.agent.download.RetryPolicy;
import io.drover.agent.health.HealthCheck;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One device under test: its data directory (with the factory images in slot A), the fake server it talks to, and the
 * vendor key that signs for it. Register it as a field ({@code @RegisterExtension final AgentHarness device = new
 * AgentHarness();}): each test gets a fresh one, and it stops its server and removes its folder after the test.
 */
public final class AgentHarness implements AfterEachCallback {
    public static final Map<String, String> FACTORY_INVENTORY = Map.of("app", "1.0.0", "os", "4.0");
    public static final TestRelease.Image FACTORY_APP = TestRelease.Image.of("app", "1.0.0", 30_000);
    public static final TestRelease.Image FACTORY_OS = TestRelease.Image.of("os", "4.0", 20_000);
    public static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    public final Path dataDir;
    public final FakeDeviceServer server;
    public final SigningKey vendorKey = SigningKey.generate(SignatureAlgorithm.ES256);
    public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Every wait the agent asked for; none is really waited. */
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public AgentHarness() {
        try {
            this.dataDir = Files.createTempDirectory("drover-agent-test");
            this.server = new FakeDeviceServer();
            writeFactoryImages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AgentConfig config() {
        return config(FakeDeviceServer.TOKEN);
    }

    public AgentConfig config(String token) {
        return new AgentConfig(server.baseUrl(), token, dataDir, TestRelease.VENDOR, TestRelease.CLASS,
                List.of(vendorKey.verificationKey()), FACTORY_INVENTORY);
    }

    public Agent agent() {
        return builder(new ImageDigestHealthCheck()).build();
    }

    public Agent agent(HealthCheck healthCheck) {
        return builder(healthCheck).build();
    }

    /** Quick retries and a short health-check deadline, so that failure paths stay fast. */
    public Agent.Builder builder(HealthCheck healthCheck) {
        return builder(healthCheck, clock);
    }

    /** Like {@link #builder(HealthCheck)}, on a clock the test moves. */
    public Agent.Builder builder(HealthCheck healthCheck, Clock agentClock) {
        return builder(config(), healthCheck, agentClock);
    }

    /** Like {@link #builder(HealthCheck, Clock)}, with another config (say, one that trusts a ledger key). */
    public Agent.Builder builder(AgentConfig config, HealthCheck healthCheck, Clock agentClock) {
        return Agent.builder(config, healthCheck, agentClock)
                .sleeper(sleeps::add)
                .downloadRetry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40)))
                .healthCheckTimeout(Duration.ofSeconds(5));
    }

    public TestRelease release(long releaseId, long sequenceNumber, TestRelease.Image... images) {
        return TestRelease.signed(vendorKey, releaseId, sequenceNumber, images);
    }

    /** The images the device left the factory with, in slot A. */
    public void writeFactoryImages() throws IOException {
        writeImage(SlotId.A, FACTORY_APP);
        writeImage(SlotId.A, FACTORY_OS);
    }

    public void writeImage(SlotId slot, TestRelease.Image image) throws IOException {
        Path path = slotImage(slot, image.component());
        Files.createDirectories(path.getParent());
        Files.write(path, image.content());
    }

    public Path slotImage(SlotId slot, String component) {
        return slotDirectory(slot).resolve(component + ".img");
    }

    public Path slotDirectory(SlotId slot) {
        return dataDir.resolve("slots").resolve(slot.name());
    }

    /** Everything in a slot directory, images and leftovers alike. */
    public List<String> filesIn(SlotId slot) throws IOException {
        return filesIn(slotDirectory(slot));
    }

    /** Everything in {@code directory}, or nothing when it does not exist. */
    public static List<String> filesIn(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Waits until a download into {@code slot} has stored at least {@code bytes} bytes. */
    public void awaitPartialImage(SlotId slot, long bytes) {
        awaitPartial(slotDirectory(slot), bytes);
    }

    /** Waits until the download of an encrypted image's ciphertext has stored at least {@code bytes} bytes. */
    public void awaitStagedCiphertext(long bytes) {
        awaitPartial(stagingDirectory(), bytes);
    }

    /** Where the agent keeps an encrypted image's ciphertext until it is decrypted into a slot. */
    public Path stagingDirectory() {
        return dataDir.resolve("staging");
    }

    private static void awaitPartial(Path directory, long bytes) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> largestPartial(directory) >= bytes);
    }

    private static long largestPartial(Path directory) throws IOException {
        long largest = 0;
        for (String name : filesIn(directory)) {
            if (name.endsWith(".part")) {
                largest = Math.max(largest, Files.size(directory.resolve(name)));
            }
        }
        return largest;
    }

    public List<String> reportStatuses() {
        return server.reports().stream().map(FakeDeviceServer.ReceivedReport::status).toList();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
