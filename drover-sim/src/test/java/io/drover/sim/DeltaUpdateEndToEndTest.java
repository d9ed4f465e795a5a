package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.CycleOutcome;
import io.drover.agent.UpdateStep;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.sim.impair.Impairment;
import io.drover.sim.impair.ImpairedRelay;
import io.drover.suit.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delta updates end to end: real agents against a real server (H2 and PostgreSQL). Devices that installed release 1
 * are offered, for release 2, a delta from release 1's image once the server has made it (the first check-in asks for
 * it), download far fewer bytes than the image and end with its exact bytes; a device on an image the server never
 * released gets the full image; a delta that does not apply makes the device fall back to the full image and say so;
 * and a device cut off while it applies a delta boots its old image and finishes the update when it comes back.
 */
class DeltaUpdateEndToEndTest {
    private static final String CLASS = "meter";
    private static final String APP = "app";
    private static final byte[] V1 = firmware(400_000, 1);
    private static final byte[] V2 = edited(V1, 2);

    @TempDir
    Path devicesDir;

    @ParameterizedTest
    @EnumSource(StoreBackend.class)
    void devicesOnAKnownBaseUpdateFromADelta(StoreBackend backend) throws Exception {
        try (TestServer server = TestServer.start(backend);
                ImpairedRelay relay = ImpairedRelay.start(new InetSocketAddress("127.0.0.1", server.baseUrl().getPort()),
                        Impairment.NONE, Impairment.NONE, new SplittableRandom(1), Duration.ofMinutes(1))) {
            ApiClient admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
            vendor.defineClass(CLASS, APP);
            String onBase = vendor.register("meter-on-base", CLASS, APP, "0.9.0");
            String corrupted = vendor.register("meter-corrupted-delta", CLASS, APP, "0.9.0");
            String cut = vendor.register("meter-cut-while-patching", CLASS, APP, "0.9.0");
            String unknown = vendor.register("meter-unknown-base", CLASS, APP, "0.9.0");

            vendor.upload(V1);
            vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.0.0", V1)));
            for (String token : List.of(onBase, corrupted, cut)) {
                try (Agent agent = agent(server.baseUrl(), vendor, token).build()) {
                    assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
                }
            }
            vendor.upload(V2);
            vendor.startRollout(vendor.release(CLASS, vendor.sign(2, APP, "2.0.0", V2)));

            // The first check-in of a device on release 1's image asks for the delta; a later one is offered it.
            JsonNode offer = awaitDeltaOffer(admin.as(onBase));
            assertThat(offer.get("baseSha256").asText()).isEqualTo(TestVendor.sha256Hex(V1));
            assertThat(offer.get("baseSize").asLong()).isEqualTo(V1.length);
            assertThat(offer.get("size").asLong()).isLessThan(V2.length / 20);
            assertThat(admin.as(unknown).get("/device/v1/checkin").json().at("/assignment/artifacts/0/delta").isNull())
                    .as("no delta for a device that reported no image of a release").isTrue();

            // On base, through a relay that counts every byte the server sends the device.
            try (Agent agent = agent(relay.httpUrl(), vendor, onBase).build()) {
                long before = relay.stats().bytesDown();
                assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
                long downloaded = relay.stats().bytesDown() - before;
                assertThat(downloaded).as("bytes the delta device downloaded for release 2")
                        .isLessThan(offer.get("size").asLong() + 20_000).isLessThan(V2.length / 10);
                assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
            }
            assertThat(image(onBase, SlotId.A)).isEqualTo(V2);

            // Unknown base: the full image, and every byte of it on the wire.
            Files.createDirectories(dataDir(unknown).resolve("slots/A"));
            Files.write(dataDir(unknown).resolve("slots/A/" + APP + ".img"), firmware(300_000, 9));
            try (Agent agent = agent(relay.httpUrl(), vendor, unknown).build()) {
                long before = relay.stats().bytesDown();
                assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
                assertThat(relay.stats().bytesDown() - before).isGreaterThan(V2.length);
            }
            assertThat(image(unknown, SlotId.B)).isEqualTo(V2);

            // A delta that is not what it claims to be: the server's copy replaced by bytes of the right digest that
            // are no delta. The device falls back to the full image, says so, and ends updated.
            byte[] bogus = "not a delta at all, but it has a digest".getBytes();
            vendor.upload(bogus);
            server.withDatabase(h -> h.createUpdate("UPDATE delta_artifact SET delta_sha256 = :sha, delta_size = :size")
                    .bind("sha", TestVendor.sha256Hex(bogus)).bind("size", bogus.length).execute());
            try (Agent agent = agent(server.baseUrl(), vendor, corrupted).build()) {
                assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
            }
            assertThat(image(corrupted, SlotId.A)).isEqualTo(V2);
            JsonNode history = admin.get("/api/v1/devices/meter-corrupted-delta/history").json();
            assertThat(history.findValuesAsText("reason")).anySatisfy(reason -> assertThat(reason)
                    .startsWith("delta not used, full image downloaded (app: delta.malformed: "));

            // Restore the delta, then cut a device off the moment its first patched bytes are written.
            server.withDatabase(h -> h.createUpdate("UPDATE delta_artifact SET delta_sha256 = :sha, delta_size = :size")
                    .bind("sha", offer.get("sha256").asText()).bind("size", offer.get("size").asLong()).execute());
            try (Agent agent = agent(server.baseUrl(), vendor, cut).stepListener(step -> {
                if (step == UpdateStep.PATCHING) {
                    throw new InterruptedException("power lost while patching");
                }
            }).build()) {
                assertThatThrownBy(agent::runOnce).isInstanceOf(InterruptedException.class);
            }
            assertThat(image(cut, SlotId.B)).as("the active slot still holds release 1 whole").isEqualTo(V1);
            try (Agent agent = agent(server.baseUrl(), vendor, cut).build()) {
                assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
                assertThat(agent.status().installedSequence()).isEqualTo(2);
            }
            assertThat(image(cut, SlotId.A)).isEqualTo(V2);
            // Four devices, many check-ins, one pair: made once.
            long pairs = server.withDatabase(h -> h.createQuery("SELECT COUNT(*) FROM delta_artifact")
                    .mapTo(Long.class).one());
            assertThat(pairs).isEqualTo(1);
        }
    }

    /** Check-ins of a device until the server offers it a delta (it makes the delta in the background). */
    private static JsonNode awaitDeltaOffer(ApiClient device) {
        JsonNode[] offer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            offer[0] = device.get("/device/v1/checkin").json().at("/assignment/artifacts/0/delta");
            return offer[0].isObject();
        });
        return offer[0];
    }

    private Agent.Builder agent(URI server, TestVendor vendor, String token) {
        return Agent.builder(VendorAgents.config(vendor, server, token, dataDir(token), Map.of(APP, "0.9.0")),
                new ImageDigestHealthCheck(), Clock.systemUTC());
    }

    private Path dataDir(String token) {
        return devicesDir.resolve(Integer.toHexString(token.hashCode()));
    }

    private byte[] image(String token, SlotId slot) throws Exception {
        return Files.readAllBytes(dataDir(token).resolve("slots/" + slot + "/" + APP + ".img"));
    }

    /** Code-like bytes: random instructions, every 32 bytes an absolute address into the image. */
    static byte[] firmware(int size, long seed) {
        byte[] bytes = TestVendor.randomBytes(size, seed);
        for (int i = 28; i + 4 <= size; i += 32) {
            int address = 0x0800_0000 + i;
            bytes[i] = (byte) address;
            bytes[i + 1] = (byte) (address >> 8);
            bytes[i + 2] = (byte) (address >> 16);
            bytes[i + 3] = (byte) (address >> 24);
        }
        return bytes;
    }

    /** The next build: 64 bytes of new code a tenth of the way in, so everything after it moves, and a new tail. */
    static byte[] edited(byte[] base, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int cut = base.length / 10;
        out.write(base, 0, cut);
        out.writeBytes(TestVendor.randomBytes(64, seed));
        out.write(base, cut, base.length - cut);
        out.writeBytes(TestVendor.randomBytes(1_000, seed + 1));
        return out.toByteArray();
    }
}
