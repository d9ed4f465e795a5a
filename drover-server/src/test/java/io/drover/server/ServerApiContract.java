package io.drover.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.upokecenter.cbor.CBORObject;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.UpdateSpec;
import io.drover.suit.encryption.GroupKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management and device APIs over real HTTP against a real store. Every bad input gets a clear JSON error with a
 * stable code, and leaves the stored state exactly as it was. Runs once per store backend (see subclasses).
 */
abstract class ServerApiContract {
    static final String CLASS = "sensor";
    static final String APP = "app";

    TestServer server;
    ApiClient admin;
    TestVendor vendor;
    byte[] image;
    String imageSha;
    String deviceToken;

    abstract StoreBackend backend();

    @BeforeEach
    void startServerWithOneClassAndDevice() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ES256);
        vendor.defineClass(CLASS, APP);
        deviceToken = vendor.register("dev-1", CLASS, APP, "1.0.0");
        image = TestVendor.randomBytes(100_000, 1);
        imageSha = vendor.upload(image);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    ApiClient device() {
        return admin.as(deviceToken);
    }

    long releaseCount() {
        return admin.get("/api/v1/classes/" + CLASS + "/releases").json().size();
    }

    static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.json().path("message").asText()).isNotBlank();
    }

    // --- management API ---

    @Test
    void managementApiNeedsTheAdminToken() {
        assertError(admin.as(null).get("/api/v1/classes"), 401, "auth.unauthenticated");
        assertError(admin.as("wrong-token-0123456789").get("/api/v1/classes"), 401, "auth.unauthenticated");
        assertError(admin.as(deviceToken).get("/api/v1/classes"), 401, "auth.unauthenticated");
    }

    @Test
    void malformedJsonIsABadRequestAndCreatesNothing() {
        assertError(admin.postJson("/api/v1/classes", "{\"name\":"), 400, "request.malformed-json");
        assertError(admin.postJson("/api/v1/classes", "{\"name\":\"x y\",\"vendorId\":\"" + UUID.randomUUID()
                + "\",\"classId\":\"" + UUID.randomUUID() + "\",\"components\":[\"a\"]}"), 400, "fleet.invalid");
        assertThat(admin.get("/api/v1/classes").json().size()).isEqualTo(1);
    }

    @Test
    void registeringADeviceTwiceIsAConflict() {
        Answer again = admin.postJson("/api/v1/devices", "{\"id\":\"dev-1\",\"className\":\"sensor\",\"inventory\":{}}");
        assertError(again, 409, "fleet.device-exists");
    }

    // --- artifacts ---

    @Test
    void storesAnArtifactOnceHoweverOftenItIsUploaded() throws Exception {
        Answer again = admin.put("/api/v1/artifacts/" + imageSha, java.net.http.HttpRequest.BodyPublishers.ofByteArray(image));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("size").asLong()).isEqualTo(image.length);
        try (var files = java.nio.file.Files.walk(server.dataDir().resolve("blobs/sha256"))) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile).toList()).hasSize(1);
        }
    }

    @Test
    void refusesAnArtifactWhoseBytesDoNotMatchItsDigestAndKeepsNothing() throws Exception {
        byte[] other = TestVendor.randomBytes(5_000, 2);
        String claimed = TestVendor.sha256Hex(TestVendor.randomBytes(5_000, 3));
        assertError(admin.put("/api/v1/artifacts/" + claimed, java.net.http.HttpRequest.BodyPublishers.ofByteArray(other)),
                422, "artifact.digest-mismatch");
        assertError(admin.get("/api/v1/artifacts/" + claimed), 404, "artifact.not-found");
        assertThat(admin.get("/api/v1/artifacts").json().size()).isEqualTo(1);
        assertThat(blobFiles()).hasSize(1);
    }

    @Test
    void refusesAMalformedDigest() {
        assertError(admin.put("/api/v1/artifacts/not-a-digest", java.net.http.HttpRequest.BodyPublishers.ofByteArray(image)),
                400, "artifact.bad-digest");
    }

    @Test
    void servesAnArtifactsBytesToAdministratorsOnly() {
        Answer content = admin.get("/api/v1/artifacts/" + imageSha + "/content");
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(image);
        Answer range = admin.get("/api/v1/artifacts/" + imageSha + "/content", "Range", "bytes=10-19");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(image, 10, 20));
        assertError(admin.get("/api/v1/artifacts/" + TestVendor.sha256Hex(new byte[1]) + "/content"), 404,
                "artifact.not-found");
        assertError(admin.as("wrong-token-0123456789").get("/api/v1/artifacts/" + imageSha + "/content"), 401,
                "auth.unauthenticated");
    }

    java.util.List<java.nio.file.Path> blobFiles() throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(server.dataDir().resolve("blobs"))) {
            return files.filter(java.nio.file.Files::isRegularFile).toList();
        }
    }

    // --- releases ---

    @Test
    void acceptsASignedReleaseForItsClass() {
        long id = vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image));
        Answer release = admin.get("/api/v1/releases/" + id);
        assertThat(release.json().get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(release.json().get("signerKeyId").asText()).isEqualTo(vendor.key.verificationKey().keyId());
        assertThat(release.json().get("components").get(0).get("version").asText()).isEqualTo("1.1.0");
        assertThat(release.json().get("components").get(0).get("sha256").asText()).isEqualTo(imageSha);
    }

    @Test
    void refusesTruncatedAndGarbageEnvelopesAndStoresNothing() {
        byte[] envelope = vendor.sign(1, APP, "1.1.0", image);
        for (int length : new int[] {0, 1, 10, envelope.length / 2, envelope.length - 1}) {
            Answer answer = admin.postBytes("/api/v1/classes/" + CLASS + "/releases", "application/cbor",
                    Arrays.copyOf(envelope, length));
            assertError(answer, 400, "suit.malformed");
        }
        assertError(admin.postBytes("/api/v1/classes/" + CLASS + "/releases", "application/cbor",
                "not cbor at all".getBytes()), 400, "suit.malformed");
        assertThat(releaseCount()).isZero();
    }

    @Test
    void refusesAnEnvelopeWithOneFlippedSignatureBit() {
        byte[] envelope = vendor.sign(1, APP, "1.1.0", image);
        envelope[signatureOffset(envelope) + 10] ^= 0x01;
        assertError(tryUpload(envelope), 422, "suit.bad-signature");
        assertThat(releaseCount()).isZero();
    }

    @Test
    void refusesAReleaseSignedByAKeyNotRegisteredForTheClass() {
        SigningKey stranger = SigningKey.generate(SignatureAlgorithm.ED25519);
        assertError(tryUpload(vendor.sign(stranger, vendor.classId, 1, APP, "1.1.0", image)), 422, "suit.unknown-signer");
        assertThat(releaseCount()).isZero();
    }

    @Test
    void refusesAReplayedOrLowerSequenceNumber() {
        vendor.release(CLASS, vendor.sign(5, APP, "1.1.0", image));
        assertError(tryUpload(vendor.sign(5, APP, "1.1.1", image)), 409, "release.sequence-not-increasing");
        assertError(tryUpload(vendor.sign(4, APP, "1.0.9", image)), 409, "release.sequence-not-increasing");
        assertThat(releaseCount()).isEqualTo(1);
    }

    @Test
    void refusesAReleaseMadeForAnotherClass() {
        UUID otherClass = UUID.randomUUID();
        vendor.defineClass("gateway", otherClass, APP);
        byte[] forGateway = vendor.sign(vendor.key, otherClass, 1, APP, "1.1.0", image);
        assertError(tryUpload(forGateway), 422, "release.wrong-class");
        assertThat(releaseCount()).isZero();
    }

    @Test
    void refusesAReleaseWhoseArtifactWasNotUploaded() {
        byte[] missing = TestVendor.randomBytes(1000, 9);
        assertError(tryUpload(vendor.sign(1, APP, "1.1.0", missing)), 422, "release.artifact-missing");
        assertThat(releaseCount()).isZero();
    }

    @Test
    void acceptsAnEncryptedReleaseAndAssignsItsCiphertextArtifact() {
        TestVendor.EncryptedRelease encrypted = vendor.signEncrypted(1, APP, "1.1.0", image,
                GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom()));
        String ciphertextSha = vendor.upload(encrypted.ciphertext());

        long releaseId = vendor.release(CLASS, encrypted.envelope());
        assertThat(admin.get("/api/v1/releases/" + releaseId).json().at("/components/0/sha256").asText())
                .isEqualTo(ciphertextSha);
        vendor.startRollout(releaseId);

        Answer assigned = device().get("/device/v1/checkin");
        assertThat(assigned.json().at("/assignment/artifacts/0/sha256").asText()).isEqualTo(ciphertextSha);
        assertThat(assigned.json().at("/assignment/artifacts/0/size").asLong()).isEqualTo(encrypted.ciphertext().length);
        assertThat(device().get(assigned.json().at("/assignment/artifacts/0/url").asText()).body())
                .isEqualTo(encrypted.ciphertext());
    }

    @Test
    void refusesAnEncryptedReleaseWhoseCiphertextWasNotUploadedAndStoresNothing() {
        // Only the plaintext is stored: an encrypted component is carried by its ciphertext, never by the plaintext.
        TestVendor.EncryptedRelease encrypted = vendor.signEncrypted(1, APP, "1.1.0", image,
                GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom()));

        Answer refused = tryUpload(encrypted.envelope());

        assertError(refused, 422, "release.artifact-missing");
        assertThat(refused.json().path("message").asText()).contains("ciphertext");
        assertThat(releaseCount()).isZero();
    }

    @Test
    void refusesAnEncryptedComponentWhoseUriNamesNoStoredArtifact() {
        TestVendor.EncryptedRelease encrypted = vendor.signEncrypted(1, APP, "1.1.0", image,
                GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom()));
        vendor.upload(encrypted.ciphertext());
        byte[] info = SuitEnvelope.decode(encrypted.envelope()).manifest().components().getFirst()
                .encryptionInfo().orElseThrow();
        ImageSpec elsewhere = new ImageSpec(APP, "1.1.0", HexFormat.of().parseHex(imageSha), image.length,
                "https://cdn.example.com/app-1.1.0.bin").withEncryptionInfo(info);

        Answer refused = tryUpload(ManifestSigner.create(vendor.key)
                .sign(new UpdateSpec(vendor.vendorId, vendor.classId, 1, List.of(elsewhere))));

        assertError(refused, 422, "release.artifact-missing");
        assertThat(refused.json().path("message").asText()).contains("must name their ciphertext artifact");
        assertThat(releaseCount()).isZero();
    }

    @Test
    void refusesAReleaseForAComponentTheClassDoesNotHave() {
        assertError(tryUpload(vendor.sign(1, "bootloader", "2.0", image)), 422, "release.unknown-component");
        assertThat(releaseCount()).isZero();
    }

    /** Where the COSE_Sign1 signature bytes start inside an envelope: SUIT envelope {2: [digest, bstr COSE_Sign1]}. */
    static int signatureOffset(byte[] envelope) {
        CBORObject auth = CBORObject.DecodeFromBytes(CBORObject.DecodeFromBytes(envelope).get(2).GetByteString());
        byte[] signature = CBORObject.DecodeFromBytes(auth.get(1).GetByteString()).get(3).GetByteString();
        for (int i = 0; i + signature.length <= envelope.length; i++) {
            if (Arrays.equals(envelope, i, i + signature.length, signature, 0, signature.length)) {
                return i;
            }
        }
        throw new AssertionError("signature not found in the envelope");
    }

    Answer tryUpload(byte[] envelope) {
        return admin.postBytes("/api/v1/classes/" + CLASS + "/releases", "application/cbor", envelope);
    }

    // --- device API ---

    @Test
    void refusesUnknownAndRevokedDeviceCredentials() {
        assertError(admin.as("no-such-token").get("/device/v1/checkin"), 401, "device.unknown-credential");
        assertError(admin.as(null).get("/device/v1/checkin"), 401, "auth.unauthenticated");
        assertThat(device().get("/device/v1/checkin").status()).isEqualTo(200);
        assertThat(admin.postJson("/api/v1/devices/dev-1/revoke", "").status()).isEqualTo(204);
        assertError(device().get("/device/v1/checkin"), 401, "device.revoked-credential");
        assertError(device().get("/device/v1/artifacts/" + imageSha), 401, "device.revoked-credential");
    }

    @Test
    void checkInAnswersNotModifiedUntilSomethingChanges() {
        Answer idle = device().get("/device/v1/checkin");
        assertThat(idle.status()).isEqualTo(200);
        assertThat(idle.json().get("assignment").isNull()).isTrue();
        String etag = idle.header("ETag");
        assertThat(device().get("/device/v1/checkin", "If-None-Match", etag).status()).isEqualTo(304);

        long releaseId = vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image));
        long rolloutId = vendor.startRollout(releaseId);
        Answer assigned = device().get("/device/v1/checkin", "If-None-Match", etag);
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.json().at("/assignment/rolloutId").asLong()).isEqualTo(rolloutId);
        assertThat(assigned.json().at("/assignment/artifacts/0/sha256").asText()).isEqualTo(imageSha);
        assertThat(device().get("/device/v1/checkin", "If-None-Match", assigned.header("ETag")).status()).isEqualTo(304);

        Answer envelope = device().get(assigned.json().at("/assignment/envelopeUrl").asText());
        assertThat(envelope.body()).isEqualTo(admin.get("/api/v1/releases/" + releaseId + "/envelope").body());

        Answer reported = device().postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"SUCCESS","inventory":{"app":"1.1.0"}}""".formatted(rolloutId));
        assertThat(reported.status()).isEqualTo(204);
        Answer done = device().get("/device/v1/checkin", "If-None-Match", assigned.header("ETag"));
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().get("assignment").isNull()).isTrue();
        Answer dev = admin.get("/api/v1/devices/dev-1");
        assertThat(dev.json().at("/inventory/app").asText()).isEqualTo("1.1.0");
        assertThat(dev.json().get("installedSequence").asLong()).isEqualTo(1);
        assertThat(admin.get("/api/v1/rollouts/" + rolloutId).json().at("/reports/SUCCESS").asLong()).isEqualTo(1);
    }

    @Test
    void aCheckInShowsAsTheDevicesLastSeenTimeOnceTheNodeWritesItsBatch() {
        assertThat(admin.get("/api/v1/devices/dev-1").json().get("lastSeenAt").isNull()).isTrue();

        assertThat(device().get("/device/v1/checkin").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(admin.get("/api/v1/devices/dev-1").json().get("lastSeenAt").isNull()).isFalse());
    }

    @Test
    void aFailedDeviceIsNotAskedAgainByTheSameRollout() {
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
        assertThat(device().postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"FAILURE","reason":"health check failed","inventory":{"app":"1.0.0"}}"""
                .formatted(rolloutId)).status()).isEqualTo(204);
        assertThat(device().get("/device/v1/checkin").json().get("assignment").isNull()).isTrue();
        assertThat(admin.get("/api/v1/devices/dev-1").json().get("installedSequence").asLong()).isZero();
    }

    @Test
    void aRetryingOrWaitingDeviceStaysAssignedAndTheRolloutCountsItsStatus() {
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
        String retrying = """
                {"rolloutId":%d,"status":"RETRYING","reason":"agent.image-digest-mismatch: byte 5 differs","inventory":{"app":"1.0.0"}}"""
                .formatted(rolloutId);
        assertThat(device().postJson("/device/v1/reports", retrying).status()).isEqualTo(204);

        assertThat(device().get("/device/v1/checkin").json().at("/assignment/rolloutId").asLong()).isEqualTo(rolloutId);
        assertThat(admin.get("/api/v1/rollouts/" + rolloutId).json().at("/reports/RETRYING").asLong()).isEqualTo(1);
        var listed = admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().get(0);
        assertThat(listed.get("status").asText()).isEqualTo("RETRYING");
        assertThat(listed.get("reason").asText()).isEqualTo("agent.image-digest-mismatch: byte 5 differs");

        assertThat(device().postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"WAITING","reason":"maintenance window opens 2026-11-29T02:00+01:00","inventory":{"app":"1.0.0"}}"""
                .formatted(rolloutId)).status()).isEqualTo(204);
        var rollout = admin.get("/api/v1/rollouts/" + rolloutId).json();
        assertThat(rollout.at("/reports/WAITING").asLong()).isEqualTo(1);
        assertThat(rollout.at("/reports/RETRYING").isMissingNode()).isTrue();
        assertThat(device().get("/device/v1/checkin").json().at("/assignment/rolloutId").asLong()).isEqualTo(rolloutId);
        assertThat(admin.get("/api/v1/devices/dev-1").json().at("/inventory/app").asText()).isEqualTo("1.0.0");
    }

    @Test
    void refusesAWaitingRetryingOrFailureReportWithoutAReason() {
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
        for (String status : List.of("WAITING", "RETRYING", "FAILURE")) {
            assertError(device().postJson("/device/v1/reports", """
                    {"rolloutId":%d,"status":"%s","reason":" ","inventory":{"app":"1.0.0"}}""".formatted(rolloutId, status)),
                    400, "report.invalid");
        }
        assertThat(admin.get("/api/v1/rollouts/" + rolloutId).json().get("reports").size()).isZero();
    }

    @Test
    void aReportThatIsNotFinalCannotReplaceAFinalOne() {
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
        assertThat(device().postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"FAILURE","reason":"agent.health-check-failed: no boot","inventory":{"app":"1.0.0"}}"""
                .formatted(rolloutId)).status()).isEqualTo(204);

        assertError(device().postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"RETRYING","reason":"agent.download-failed: reset","inventory":{"app":"1.0.0"}}"""
                .formatted(rolloutId)), 409, "report.already-final");
        var listed = admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json().get(0);
        assertThat(listed.get("status").asText()).isEqualTo("FAILURE");
        assertThat(listed.get("reason").asText()).isEqualTo("agent.health-check-failed: no boot");
        assertThat(device().get("/device/v1/checkin").json().get("assignment").isNull()).isTrue();
    }

    @Test
    void aDeviceSeesOnlyTheReleasesOfItsOwnClass() {
        UUID otherClass = UUID.randomUUID();
        vendor.defineClass("gateway", otherClass, APP);
        long gatewayRelease = vendor.release("gateway", vendor.sign(vendor.key, otherClass, 1, APP, "2.0", image));
        assertError(device().get("/device/v1/releases/" + gatewayRelease + "/envelope"), 404, "release.not-found");
        long ownRelease = vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image));
        assertThat(device().get("/device/v1/releases/" + ownRelease + "/envelope").status()).isEqualTo(200);
    }

    @Test
    void anyDeviceGetsAnEnvelopeByTheDigestACheckInAnswerNames() {
        vendor.defineClass("gateway", UUID.randomUUID(), APP);
        ApiClient gateway = admin.as(vendor.register("gw-1", "gateway", APP, "1.0.0"));
        byte[] envelope = vendor.sign(1, APP, "1.1.0", image);
        long releaseId = vendor.release(CLASS, envelope);
        vendor.startRollout(releaseId);
        String sha = TestVendor.sha256Hex(envelope);

        assertThat(admin.get("/api/v1/releases/" + releaseId).json().get("envelopeSha256").asText()).isEqualTo(sha);
        assertThat(device().get("/device/v1/checkin").json().at("/assignment/envelopeSha256").asText())
                .isEqualTo(sha);
        for (String name : List.of(sha, sha.substring(0, 16), sha.substring(0, 40))) {
            Answer byName = gateway.get("/device/v1/envelopes/" + name);
            assertThat(byName.status()).as(name).isEqualTo(200);
            assertThat(byName.header("Content-Type")).isEqualTo("application/cbor");
            assertThat(byName.header("ETag")).isEqualTo("\"" + sha + "\"");
            assertThat(byName.body()).isEqualTo(envelope);
        }
        assertError(gateway.get("/device/v1/envelopes/" + "0".repeat(64)), 404, "release.not-found");
        assertError(gateway.get("/device/v1/envelopes/" + "0".repeat(16)), 404, "release.not-found");
        assertError(gateway.get("/device/v1/envelopes/" + sha.substring(0, 15)), 400, "artifact.bad-digest");
        assertError(gateway.get("/device/v1/envelopes/" + sha.substring(0, 16).toUpperCase()), 400,
                "artifact.bad-digest");
        assertError(gateway.get("/device/v1/envelopes/" + sha + "0"), 400, "artifact.bad-digest");
        assertError(admin.as(null).get("/device/v1/envelopes/" + sha), 401, "auth.unauthenticated");
    }

    @Test
    void anEnvelopePrefixThatTwoDigestsShareNamesNeither() {
        byte[] first = vendor.sign(1, APP, "1.1.0", image);
        byte[] second = vendor.sign(2, APP, "1.2.0", image);
        vendor.release(CLASS, first);
        long secondId = vendor.release(CLASS, second);
        String sha = TestVendor.sha256Hex(first);
        String shared = sha.substring(0, 20);
        // Envelopes stored before uploads kept prefixes unique may share one: say the second's digest started with
        // the first's 20 digits.
        server.withDatabase(h -> h.createUpdate("UPDATE release SET envelope_sha256 = :sha WHERE id = :id")
                .bind("sha", shared + otherDigit(sha.charAt(20)) + TestVendor.sha256Hex(second).substring(21))
                .bind("id", secondId).execute());

        assertError(device().get("/device/v1/envelopes/" + sha.substring(0, 16)), 404, "release.not-found");
        assertError(device().get("/device/v1/envelopes/" + shared), 404, "release.not-found");
        assertThat(device().get("/device/v1/envelopes/" + sha.substring(0, 21)).body()).isEqualTo(first);
        assertThat(device().get("/device/v1/envelopes/" + sha).body()).isEqualTo(first);
    }

    @Test
    void anEnvelopeWhoseDigestStartsLikeAnotherStoredOnesIsRefusedAndNothingIsStored() {
        byte[] first = vendor.sign(1, APP, "1.1.0", image);
        byte[] second = vendor.sign(2, APP, "1.2.0", image);
        long firstId = vendor.release(CLASS, first);
        String secondSha = TestVendor.sha256Hex(second);
        // 64-bit prefix collisions happen only by design: say the first's digest started like the second's.
        String twin = secondSha.substring(0, 16) + otherDigit(secondSha.charAt(16)) + secondSha.substring(17);
        server.withDatabase(h -> h.createUpdate("UPDATE release SET envelope_sha256 = :sha WHERE id = :id")
                .bind("sha", twin).bind("id", firstId).execute());
        long ledgerSize = admin.get("/api/v1/ledger/head").json().get("size").asLong();

        assertError(tryUpload(second), 409, "release.envelope-prefix-taken");
        assertThat(admin.get("/api/v1/classes/" + CLASS + "/releases").json().findValuesAsText("id"))
                .containsExactly(String.valueOf(firstId));
        assertThat(admin.get("/api/v1/ledger/head").json().get("size").asLong()).isEqualTo(ledgerSize);
        // The same envelope again is no conflict with itself: it is refused for its sequence number only.
        assertError(tryUpload(first), 409, "release.sequence-not-increasing");
    }

    /** A hex digit other than {@code digit}. */
    private static char otherDigit(char digit) {
        return digit == '0' ? '1' : '0';
    }

    @Test
    void aDeviceGetsAnArtifactByTheFirstSixteenOrMoreDigitsOfItsDigest() {
        for (String name : List.of(imageSha.substring(0, 16), imageSha.substring(0, 63), imageSha)) {
            Answer byName = device().get("/device/v1/artifacts/" + name);
            assertThat(byName.status()).as(name).isEqualTo(200);
            assertThat(byName.header("ETag")).isEqualTo("\"" + imageSha + "\"");
            assertThat(byName.body()).isEqualTo(image);
        }
        Answer range = device().get("/device/v1/artifacts/" + imageSha.substring(0, 16), "Range", "bytes=99990-");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(image, 99_990, 100_000));

        assertError(device().get("/device/v1/artifacts/" + imageSha.substring(0, 15)), 400, "artifact.bad-digest");
        assertError(device().get("/device/v1/artifacts/" + imageSha.substring(0, 15) + "g"), 400,
                "artifact.bad-digest");
        assertError(device().get("/device/v1/artifacts/" + imageSha.substring(0, 16).toUpperCase()), 400,
                "artifact.bad-digest");
        assertError(device().get("/device/v1/artifacts/" + "0".repeat(16)), 404, "artifact.not-found");
        assertError(device().get("/device/v1/artifacts/" + "0".repeat(64)), 404, "artifact.not-found");
        // The management API names artifacts by their whole digest only.
        assertError(admin.get("/api/v1/artifacts/" + imageSha.substring(0, 16) + "/content"), 400,
                "artifact.bad-digest");
    }

    @Test
    void anArtifactPrefixThatTwoStoredDigestsShareNamesNeither() {
        // What two nodes storing colliding uploads at the same moment would leave (one node refuses the second).
        String twin = imageSha.substring(0, 16) + otherDigit(imageSha.charAt(16)) + "0".repeat(47);
        server.withDatabase(h -> h.createUpdate("INSERT INTO artifact (sha256, size_bytes, created_at) "
                + "VALUES (:sha, 1, CURRENT_TIMESTAMP)").bind("sha", twin).execute());

        assertError(device().get("/device/v1/artifacts/" + imageSha.substring(0, 16)), 404, "artifact.not-found");
        assertThat(device().get("/device/v1/artifacts/" + imageSha.substring(0, 17)).body()).isEqualTo(image);
        assertThat(device().get("/device/v1/artifacts/" + imageSha).body()).isEqualTo(image);
    }

    @Test
    void servesByteRangesAndRefusesRangesPastTheEnd() {
        Answer whole = device().get("/device/v1/artifacts/" + imageSha);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(image);
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");

        Answer tail = device().get("/device/v1/artifacts/" + imageSha, "Range", "bytes=99000-");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.header("Content-Range")).isEqualTo("bytes 99000-99999/100000");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(image, 99_000, 100_000));

        Answer middle = device().get("/device/v1/artifacts/" + imageSha, "Range", "bytes=10-19");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(image, 10, 20));

        Answer suffix = device().get("/device/v1/artifacts/" + imageSha, "Range", "bytes=-5");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(image, 99_995, 100_000));

        Answer past = device().get("/device/v1/artifacts/" + imageSha, "Range", "bytes=100000-");
        assertError(past, 416, "artifact.range-not-satisfiable");
        assertThat(past.header("Content-Range")).isEqualTo("bytes */100000");
    }

    @Test
    void refusesAReportForARolloutTheDeviceIsNotIn() {
        UUID otherClass = UUID.randomUUID();
        vendor.defineClass("gateway", otherClass, APP);
        long gatewayRollout = vendor.startRollout(vendor.release("gateway", vendor.sign(vendor.key, otherClass, 1, APP, "2.0", image)));
        String report = """
                {"rolloutId":%d,"status":"SUCCESS","inventory":{"app":"2.0"}}""";
        assertError(device().postJson("/device/v1/reports", report.formatted(gatewayRollout)), 409, "report.not-in-rollout");
        assertError(device().postJson("/device/v1/reports", report.formatted(999_999)), 409, "report.not-in-rollout");
        Answer dev = admin.get("/api/v1/devices/dev-1");
        assertThat(dev.json().at("/inventory/app").asText()).isEqualTo("1.0.0");
        assertThat(dev.json().get("installedSequence").asLong()).isZero();
        assertThat(admin.get("/api/v1/rollouts/" + gatewayRollout).json().get("reports").size()).isZero();
    }

    @Test
    void refusesAFinalReportWithoutInventory() {
        long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
        assertError(device().postJson("/device/v1/reports", "{\"rolloutId\":" + rolloutId + ",\"status\":\"SUCCESS\"}"),
                400, "report.invalid");
        assertThat(admin.get("/api/v1/rollouts/" + rolloutId).json().get("reports").size()).isZero();
    }
}
