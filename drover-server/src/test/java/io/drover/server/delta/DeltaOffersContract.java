package io.drover.server.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.encryption.GroupKey;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which check-ins get a delta, through the real API: only from an image the server released to the device's class,
 * never for an encrypted component, never when the delta is over half the image; the ETag names the deltas offered;
 * and of concurrent claims on a pair exactly one wins. A case that must get no delta is checked before one that does,
 * so the single generator thread has run every request of the first by the time the second's delta is there. Run on
 * H2 and PostgreSQL.
 */
abstract class DeltaOffersContract {
    private static final String METER = "meter";
    private static final String PUMP = "pump";
    private static final String APP = "app";
    private static final String BOOT = "boot";
    private static final byte[] APP_1 = TestVendor.randomBytes(200_000, 1);
    private static final byte[] BOOT_1 = TestVendor.randomBytes(100_000, 2);
    private static final byte[] PUMP_1 = TestVendor.randomBytes(200_000, 3);

    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private String onBase;
    private long rollout1;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(METER, APP, BOOT);
        vendor.upload(APP_1);
        vendor.upload(BOOT_1);
        rollout1 = vendor.startRollout(vendor.release(METER, vendor.sign(1,
                List.of(TestVendor.image(APP, "1.0", APP_1), TestVendor.image(BOOT, "1.0", BOOT_1)))));
        onBase = register("meter-on-base", TestVendor.sha256Hex(APP_1), TestVendor.sha256Hex(BOOT_1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void onlyAnImageReleasedToTheDevicesClassIsABase() {
        // The pump class's image is stored and released, but to another class.
        TestVendor pumps = new TestVendor(admin, SignatureAlgorithm.ED25519);
        pumps.defineClass(PUMP, APP);
        pumps.upload(PUMP_1);
        pumps.startRollout(pumps.release(PUMP, pumps.sign(1, APP, "1.0", PUMP_1)));
        String foreignBase = register("meter-on-a-pump-image", TestVendor.sha256Hex(PUMP_1), null);
        String unknownBase = register("meter-on-an-unknown-image",
                TestVendor.sha256Hex(TestVendor.randomBytes(1_000, 9)), null);
        byte[] app2 = edited(APP_1, 4);
        release2(app2);

        for (String device : List.of(foreignBase, unknownBase, foreignBase, unknownBase)) {
            assertThat(checkIn(device).json().at("/assignment/artifacts/0/delta").isNull()).isTrue();
        }
        JsonNode offer = awaitOffer(onBase, 0);
        assertThat(offer.get("baseSha256").asText()).isEqualTo(TestVendor.sha256Hex(APP_1));
        assertThat(offer.get("baseSize").asLong()).isEqualTo(APP_1.length);
        assertThat(offer.get("size").asLong()).isLessThan(app2.length / 20);
        assertThat(offer.get("url").asText()).endsWith("/device/v1/artifacts/" + offer.get("sha256").asText());
        assertThat(admin.as(onBase).get(offer.get("url").asText().replaceFirst("^.*(/device/)", "$1")).body())
                .hasSize(offer.get("size").asInt());
        assertThat(checkIn(foreignBase).json().at("/assignment/artifacts/0/delta").isNull()).isTrue();
        assertThat(pairs()).containsExactly(TestVendor.sha256Hex(APP_1) + ">" + TestVendor.sha256Hex(app2));
    }

    @Test
    void anEncryptedComponentNeverGetsADelta() {
        byte[] app2 = edited(APP_1, 5);
        byte[] boot2 = edited(BOOT_1, 6);
        TestVendor.EncryptedImage encrypted = TestVendor.encryptedImage(APP, "2.0", app2,
                GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom()));
        vendor.upload(encrypted.ciphertext());
        vendor.upload(boot2);
        vendor.startRollout(vendor.release(METER, vendor.sign(2,
                List.of(encrypted.spec(), TestVendor.image(BOOT, "2.0", boot2)))));

        JsonNode artifacts = checkIn(onBase).json().at("/assignment/artifacts");
        int app = artifacts.get(0).get("component").asText().equals(APP) ? 0 : 1;
        awaitOffer(onBase, 1 - app);
        assertThat(checkIn(onBase).json().at("/assignment/artifacts/" + app + "/delta").isNull()).isTrue();
        assertThat(pairs()).containsExactly(TestVendor.sha256Hex(BOOT_1) + ">" + TestVendor.sha256Hex(boot2));
    }

    @Test
    void aDeltaOverHalfTheImageIsNotOffered() {
        byte[] app2 = TestVendor.randomBytes(APP_1.length, 7);
        release2(app2);

        assertThat(checkIn(onBase).json().at("/assignment/artifacts/0/delta").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> !status().equals("PENDING"));
        assertThat(status()).isEqualTo("TOO_LARGE");
        long made = server.withDatabase(h -> h.createQuery("SELECT delta_size FROM delta_artifact")
                .mapTo(Long.class).one());
        assertThat(made).isGreaterThan(app2.length / 2);
        assertThat(checkIn(onBase).json().at("/assignment/artifacts/0/delta").isNull()).isTrue();
        assertThat(checkIn(onBase).json().at("/assignment/artifacts/0/delta").isNull()).isTrue();
        assertThat(pairs()).hasSize(1);
    }

    @Test
    void theETagChangesWhenADeltaBecomesAvailable() {
        long release2 = release2(edited(APP_1, 8));

        Answer first = checkIn(onBase);
        assertThat(first.json().at("/assignment/artifacts/0/delta").isNull()).isTrue();
        String without = first.header("ETag");
        assertThat(without).startsWith("\"r").endsWith("." + release2 + "\"");
        JsonNode offer = awaitOffer(onBase, 0);

        Answer changed = admin.as(onBase).get("/device/v1/checkin", "If-None-Match", without);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().at("/assignment/artifacts/0/delta")).isEqualTo(offer);
        String with = changed.header("ETag");
        assertThat(with).isNotEqualTo(without).contains(offer.get("sha256").asText().substring(0, 16));
        assertThat(admin.as(onBase).get("/device/v1/checkin", "If-None-Match", with).status()).isEqualTo(304);
    }

    @Test
    void ofConcurrentClaimsOnAPairExactlyOneWins() throws Exception {
        DeltaStore store = new DeltaStore(server.jdbi());
        // A pair names stored artifacts: two of release 1's images.
        String base = TestVendor.sha256Hex(APP_1);
        String target = TestVendor.sha256Hex(BOOT_1);
        Instant now = Instant.parse("2026-11-28T08:00:00Z");
        int claimers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(claimers);
        try {
            List<Callable<Boolean>> claims = Collections.nCopies(claimers,
                    () -> store.claim(base, target, now, now.minus(DeltaGenerator.CLAIM_TIMEOUT)));
            long won = 0;
            for (Future<Boolean> claim : pool.invokeAll(claims)) {
                won += claim.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        // A claim gone stale (its node died) is taken over once; a finished pair is never claimed again.
        Instant later = now.plus(DeltaGenerator.CLAIM_TIMEOUT).plusSeconds(1);
        assertThat(store.claim(base, target, later, later.minus(DeltaGenerator.CLAIM_TIMEOUT))).isTrue();
        assertThat(store.claim(base, target, later, later.minus(DeltaGenerator.CLAIM_TIMEOUT))).isFalse();
        store.finish(base, target, DeltaStatus.FAILED, null, null, "made by a test");
        Instant muchLater = later.plus(DeltaGenerator.CLAIM_TIMEOUT.multipliedBy(2));
        assertThat(store.claim(base, target, muchLater, muchLater.minus(DeltaGenerator.CLAIM_TIMEOUT))).isFalse();
        assertThat(store.find(base, target).orElseThrow().status()).isEqualTo(DeltaStatus.FAILED);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Registers a meter that installed release 1 and reported these image digests (null: none); its token. */
    private String register(String id, String appSha256, String bootSha256) {
        String token = vendor.register(id, METER, APP, "1.0");
        String digests = "\"" + APP + "\":\"" + appSha256 + "\""
                + (bootSha256 == null ? "" : ",\"" + BOOT + "\":\"" + bootSha256 + "\"");
        Answer report = admin.as(token).postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"SUCCESS","inventory":{"app":"1.0","boot":"1.0"},"digests":{%s}}"""
                .formatted(rollout1, digests));
        assertThat(report.status()).as(new String(report.body())).isEqualTo(204);
        return token;
    }

    /** Uploads {@code app} and rolls it out as release 2 of the meters; the release id. */
    private long release2(byte[] app) {
        vendor.upload(app);
        long id = vendor.release(METER, vendor.sign(2, APP, "2.0", app));
        vendor.startRollout(id);
        return id;
    }

    private Answer checkIn(String token) {
        Answer answer = admin.as(token).get("/device/v1/checkin");
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
        return answer;
    }

    /** Check-ins until the artifact at {@code index} is offered a delta (made in the background); the offer. */
    private JsonNode awaitOffer(String token, int index) {
        JsonNode[] offer = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            offer[0] = checkIn(token).json().at("/assignment/artifacts/" + index + "/delta");
            return offer[0].isObject();
        });
        return offer[0];
    }

    /** Every pair the server was asked to make, as base>target. */
    private List<String> pairs() {
        return server.withDatabase(h -> h.createQuery(
                "SELECT base_sha256 || '>' || target_sha256 FROM delta_artifact").mapTo(String.class).list());
    }

    private String status() {
        return server.withDatabase(h -> h.createQuery("SELECT status FROM delta_artifact").mapTo(String.class).one());
    }

    /** The next build: 64 new bytes a tenth of the way in, so everything after moves, and a new tail. */
    private static byte[] edited(byte[] base, long seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int cut = base.length / 10;
        out.write(base, 0, cut);
        out.writeBytes(TestVendor.randomBytes(64, seed));
        out.write(base, cut, base.length - cut);
        out.writeBytes(TestVendor.randomBytes(1_000, seed + 1));
        return out.toByteArray();
    }
}
