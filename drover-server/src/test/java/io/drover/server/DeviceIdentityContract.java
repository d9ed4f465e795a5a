package io.drover.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORObject;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.InventoryEntry;
import io.drover.suit.report.ManifestReference;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.ReportSigner;
import io.drover.suit.report.SuitRecord;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device identity keys (trust on first use, operator provisioning) and signed install reports, over real HTTP against
 * a real store. A refused registration or report changes nothing. Runs once per store backend (see subclasses).
 */
abstract class DeviceIdentityContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CLASS = "sensor";
    static final String APP = "app";

    TestServer server;
    ApiClient admin;
    TestVendor vendor;
    ApiClient device;
    final SigningKey deviceKey = SigningKey.generate(SignatureAlgorithm.ED25519);
    byte[] image;
    byte[] envelope;
    long releaseId;
    long rolloutId;

    abstract StoreBackend backend();

    @BeforeEach
    void startServerWithARollout() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ES256);
        vendor.defineClass(CLASS, APP);
        device = admin.as(vendor.register("dev-1", CLASS, APP, "1.0.0"));
        image = TestVendor.randomBytes(10_000, 1);
        vendor.upload(image);
        envelope = vendor.sign(1, APP, "1.1.0", image);
        releaseId = vendor.release(CLASS, envelope);
        rolloutId = vendor.startRollout(releaseId);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(status);
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.json().path("message").asText()).isNotBlank();
    }

    static String keyJson(SigningKey key) {
        return JSON.createObjectNode().put("publicKeyPem", key.verificationKey().toPem()).toString();
    }

    Answer register(ApiClient client, SigningKey key) {
        return client.putJson("/device/v1/identity", keyJson(key));
    }

    JsonNode deviceView() {
        return admin.get("/api/v1/devices/dev-1").json();
    }

    JsonNode rolloutReports() {
        return admin.get("/api/v1/rollouts/" + rolloutId + "/devices").json();
    }

    /** What dev-1 states after installing the release: app 1.1.0 with the image's digest. */
    InstallReport success() {
        return new InstallReport("dev-1", rolloutId, releaseId, Instant.parse("2026-11-28T12:00:00Z"),
                ManifestReference.of(SuitEnvelope.decode(envelope)), new ReportResult.Success(), Optional.empty(),
                Map.of(APP, new InventoryEntry("1.0.0", Optional.empty())),
                Map.of(APP, new InventoryEntry("1.1.0",
                        Optional.of(new InventoryEntry.Image(TestVendor.sha256Hex(image), image.length)))));
    }

    InstallReport failure(String reason) {
        var record = new SuitRecord(List.of(), 7, 0, 0, Map.of());
        Map<String, InventoryEntry> old = Map.of(APP, new InventoryEntry("1.0.0", Optional.empty()));
        return new InstallReport("dev-1", rolloutId, releaseId, Instant.parse("2026-11-28T12:00:00Z"),
                ManifestReference.of(SuitEnvelope.decode(envelope)),
                new ReportResult.Failure(ReportResult.FAILED, record, ReportReason.CONDITION_FAILED), Optional.of(reason),
                old, old);
    }

    /** The JSON body of a report stating {@code report}, carrying {@code signed} (when not null). */
    static String body(InstallReport report, byte[] signed) {
        ObjectNode body = JSON.createObjectNode().put("rolloutId", report.rolloutId())
                .put("status", report.succeeded() ? "SUCCESS" : "FAILURE");
        report.reason().ifPresent(reason -> body.put("reason", reason));
        ObjectNode inventory = body.putObject("inventory");
        ObjectNode digests = body.putObject("digests");
        report.after().forEach((component, entry) -> {
            inventory.put(component, entry.version());
            entry.image().ifPresent(i -> digests.put(component, i.sha256()));
        });
        if (signed != null) {
            body.put("signedReport", Base64.getEncoder().encodeToString(signed));
        }
        return body.toString();
    }

    static byte[] sign(SigningKey key, InstallReport report) {
        return ReportSigner.create(key).sign(report.toSuitReport());
    }

    Answer report(InstallReport report, byte[] signed) {
        return device.postJson("/device/v1/reports", body(report, signed));
    }

    void assertNothingStored() {
        assertThat(rolloutReports().size()).isZero();
        assertThat(admin.get("/api/v1/devices/dev-1/history").json().size()).isZero();
        assertThat(deviceView().at("/inventory/app").asText()).isEqualTo("1.0.0");
        assertThat(deviceView().get("digests").size()).isZero();
        assertThat(deviceView().get("installedSequence").asLong()).isZero();
    }

    // --- identity registration ---

    @Test
    void aDeviceRegistersItsKeyOnFirstUseAndAgainWithTheSameKey() {
        assertThat(deviceView().get("identity").isNull()).isTrue();

        Answer first = register(device, deviceKey);
        Answer again = register(device, deviceKey);

        assertThat(first.status()).as(new String(first.body())).isEqualTo(200);
        assertThat(first.json().get("deviceId").asText()).isEqualTo("dev-1");
        assertThat(first.json().get("fingerprint").asText()).isEqualTo(deviceKey.verificationKey().fingerprint());
        assertThat(again.status()).isEqualTo(200);
        JsonNode identity = deviceView().get("identity");
        assertThat(identity.get("algorithm").asText()).isEqualTo("ED25519");
        assertThat(identity.get("keyId").asText()).isEqualTo(deviceKey.verificationKey().keyId());
        assertThat(identity.get("fingerprint").asText()).isEqualTo(deviceKey.verificationKey().fingerprint());
        assertThat(identity.get("publicKeyPem").asText()).isEqualTo(deviceKey.verificationKey().toPem());
        assertThat(identity.get("registeredBy").asText()).isEqualTo("DEVICE");
        assertThat(identity.get("registeredAt").asText()).isNotBlank();
    }

    @Test
    void anotherKeyForTheSameDeviceIsAConflictAndTheFirstStays() {
        register(device, deviceKey);

        Answer impostor = register(device, SigningKey.generate(SignatureAlgorithm.ES256));

        assertError(impostor, 409, "device.identity-conflict");
        assertThat(deviceView().at("/identity/fingerprint").asText()).isEqualTo(deviceKey.verificationKey().fingerprint());
    }

    @Test
    void anUnreadableKeyIsRefusedAndNothingIsRegistered() {
        assertError(device.putJson("/device/v1/identity", "{\"publicKeyPem\":\"not a key\"}"), 400, "suit.bad-key");
        assertError(device.putJson("/device/v1/identity", "{}"), 400, "suit.bad-key");
        assertError(admin.as("wrong-token").putJson("/device/v1/identity", keyJson(deviceKey)), 401,
                "device.unknown-credential");
        assertThat(deviceView().get("identity").isNull()).isTrue();
    }

    @Test
    void anOperatorProvisionsTheKeyWhenRegisteringTheDevice() {
        String pem = JSON.valueToTree(deviceKey.verificationKey().toPem()).toString();
        Answer created = admin.postJson("/api/v1/devices", """
                {"id":"dev-2","className":"sensor","inventory":{"app":"1.0.0"},"identityKeyPem":%s}""".formatted(pem));
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        ApiClient dev2 = admin.as(created.json().get("token").asText());

        assertThat(admin.get("/api/v1/devices/dev-2").json().at("/identity/registeredBy").asText()).isEqualTo("OPERATOR");
        assertError(register(dev2, SigningKey.generate(SignatureAlgorithm.ED25519)), 409, "device.identity-conflict");
        assertThat(register(dev2, deviceKey).status()).isEqualTo(200);
    }

    @Test
    void aDeviceWithAnUnreadableProvisionedKeyIsNotCreated() {
        assertError(admin.postJson("/api/v1/devices", """
                {"id":"dev-2","className":"sensor","identityKeyPem":"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----"}"""),
                400, "suit.bad-key");
        assertError(admin.get("/api/v1/devices/dev-2"), 404, "fleet.device-not-found");
    }

    @Test
    void anOperatorClearsTheKeyOfAReprovisionedDeviceAndTheNextKeyIsTrusted() {
        register(device, deviceKey);
        SigningKey reprovisioned = SigningKey.generate(SignatureAlgorithm.ES256);

        assertThat(admin.delete("/api/v1/devices/dev-1/identity").status()).isEqualTo(204);

        assertThat(deviceView().get("identity").isNull()).isTrue();
        assertThat(register(device, reprovisioned).status()).isEqualTo(200);
        assertThat(deviceView().at("/identity/algorithm").asText()).isEqualTo("ES256");
        assertError(admin.delete("/api/v1/devices/nobody/identity"), 404, "fleet.device-not-found");
    }

    @Test
    void anOperatorReplacesTheKeyOnRecord() {
        register(device, deviceKey);
        SigningKey factoryKey = SigningKey.generate(SignatureAlgorithm.ED25519);

        Answer replaced = admin.putJson("/api/v1/devices/dev-1/identity", keyJson(factoryKey));

        assertThat(replaced.status()).as(new String(replaced.body())).isEqualTo(200);
        assertThat(replaced.json().get("registeredBy").asText()).isEqualTo("OPERATOR");
        assertThat(deviceView().at("/identity/fingerprint").asText()).isEqualTo(factoryKey.verificationKey().fingerprint());
        assertError(register(device, deviceKey), 409, "device.identity-conflict");
        assertError(admin.putJson("/api/v1/devices/nobody/identity", keyJson(factoryKey)), 404, "fleet.device-not-found");
    }

    // --- signed reports ---

    @Test
    void aSignedSuccessIsVerifiedAndStoredWithTheInventoryDigests() {
        register(device, deviceKey);
        byte[] signed = sign(deviceKey, success());

        Answer answer = report(success(), signed);

        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(204);
        JsonNode row = rolloutReports().get(0);
        assertThat(row.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(row.get("verified").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(row.get("signedReport").asText())).isEqualTo(signed);
        JsonNode dev = deviceView();
        assertThat(dev.at("/inventory/app").asText()).isEqualTo("1.1.0");
        assertThat(dev.at("/digests/app").asText()).isEqualTo(TestVendor.sha256Hex(image));
        assertThat(dev.get("installedSequence").asLong()).isEqualTo(1);
        JsonNode history = admin.get("/api/v1/devices/dev-1/history").json();
        assertThat(history.size()).isEqualTo(1);
        assertThat(history.at("/0/status").asText()).isEqualTo("SUCCESS");
        assertThat(history.at("/0/verified").asBoolean()).isTrue();
    }

    @Test
    void aSignedFailureIsVerifiedAndStored() {
        register(device, deviceKey);
        InstallReport failure = failure("agent.health-check-failed: the app does not start");

        assertThat(report(failure, sign(deviceKey, failure)).status()).isEqualTo(204);

        JsonNode row = rolloutReports().get(0);
        assertThat(row.get("status").asText()).isEqualTo("FAILURE");
        assertThat(row.get("reason").asText()).isEqualTo("agent.health-check-failed: the app does not start");
        assertThat(row.get("verified").asBoolean()).isTrue();
    }

    @Test
    void aReportSignedByAnotherKeyIsRefusedAndNothingIsStored() {
        register(device, deviceKey);

        Answer forged = report(success(), sign(SigningKey.generate(SignatureAlgorithm.ED25519), success()));

        assertError(forged, 422, "report.bad-signature");
        assertNothingStored();
    }

    @Test
    void aTamperedSignedReportIsRefusedAndNothingIsStored() {
        register(device, deviceKey);
        CBORObject message = CBORObject.DecodeFromBytes(sign(deviceKey, success()));
        byte[] signature = message.get(3).GetByteString();
        signature[0] ^= 1;
        message.set(3, CBORObject.FromObject(signature));

        assertError(report(success(), message.EncodeToBytes()), 422, "report.bad-signature");
        assertError(report(success(), new byte[] {1, 2, 3}), 400, "report.malformed");
        assertNothingStored();
    }

    @Test
    void aFinalReportWithoutSignatureFromADeviceWithAKeyIsRefused() {
        register(device, deviceKey);

        assertError(report(success(), null), 422, "report.signature-required");
        assertError(report(failure("agent.download-failed: gone"), null), 422, "report.signature-required");
        assertNothingStored();
    }

    @Test
    void aSignedReportMustStateWhatTheRequestStates() {
        register(device, deviceKey);
        byte[] signed = sign(deviceKey, success());
        ObjectNode otherVersion = (ObjectNode) readTree(body(success(), signed));
        otherVersion.putObject("inventory").put(APP, "9.9.9");
        ObjectNode otherDigest = (ObjectNode) readTree(body(success(), signed));
        otherDigest.putObject("digests").put(APP, "ab".repeat(32));
        ObjectNode failureClaim = (ObjectNode) readTree(body(success(), signed));
        failureClaim.put("status", "FAILURE").put("reason", "agent.health-check-failed: no");

        for (JsonNode body : List.of(otherVersion, otherDigest, failureClaim)) {
            assertError(device.postJson("/device/v1/reports", body.toString()), 422, "report.signed-content-mismatch");
        }
        assertNothingStored();
    }

    @Test
    void aSignedReportForAnotherDeviceRolloutOrManifestIsRefused() {
        register(device, deviceKey);
        InstallReport base = success();
        InstallReport otherDevice = new InstallReport("dev-9", rolloutId, releaseId, base.deviceTime(), base.manifest(),
                base.result(), base.reason(), base.before(), base.after());
        InstallReport otherRelease = new InstallReport("dev-1", rolloutId, releaseId + 1, base.deviceTime(),
                base.manifest(), base.result(), base.reason(), base.before(), base.after());
        InstallReport otherManifest = new InstallReport("dev-1", rolloutId, releaseId, base.deviceTime(),
                ManifestReference.ofUndecodable(image), base.result(), base.reason(), base.before(), base.after());

        for (InstallReport report : List.of(otherDevice, otherRelease, otherManifest)) {
            assertError(report(base, sign(deviceKey, report)), 422, "report.signed-content-mismatch");
        }
        assertNothingStored();
    }

    @Test
    void aDeviceWithoutAKeyIsHeardUnsigned() {
        Answer legacy = device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"SUCCESS","inventory":{"app":"1.1.0"}}""".formatted(rolloutId));

        assertThat(legacy.status()).as(new String(legacy.body())).isEqualTo(204);
        JsonNode row = rolloutReports().get(0);
        assertThat(row.get("verified").asBoolean()).isFalse();
        assertThat(row.get("signedReport").isNull()).isTrue();
        assertThat(deviceView().at("/inventory/app").asText()).isEqualTo("1.1.0");
    }

    @Test
    void aSignatureFromADeviceWithoutAKeyIsKeptUnverified() {
        byte[] signed = sign(deviceKey, success());

        assertThat(report(success(), signed).status()).isEqualTo(204);

        JsonNode row = rolloutReports().get(0);
        assertThat(row.get("verified").asBoolean()).isFalse();
        assertThat(Base64.getDecoder().decode(row.get("signedReport").asText())).isEqualTo(signed);
    }

    @Test
    void progressReportsNeedNoSignatureAndCarryNone() {
        register(device, deviceKey);
        assertThat(device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"DOWNLOADING","inventory":{"app":"1.0.0"}}""".formatted(rolloutId)).status())
                .isEqualTo(204);

        assertError(device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"INSTALLING","signedReport":"AAAA"}""".formatted(rolloutId)),
                400, "report.invalid");
        assertThat(rolloutReports().get(0).get("status").asText()).isEqualTo("DOWNLOADING");
    }

    @Test
    void refusesDigestsThatAreNotSha256OrNameNoInventoryComponent() {
        String report = """
                {"rolloutId":%d,"status":"SUCCESS","inventory":{"app":"1.1.0"},"digests":%s}""";
        assertError(device.postJson("/device/v1/reports", report.formatted(rolloutId, "{\"app\":\"xyz\"}")),
                400, "report.invalid");
        assertError(device.postJson("/device/v1/reports", report.formatted(rolloutId, "{\"os\":\"" + "ab".repeat(32) + "\"}")),
                400, "report.invalid");
        assertError(device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"SUCCESS","inventory":{"app":"1.1.0"},"signedReport":"!!"}""".formatted(rolloutId)),
                400, "report.invalid");
        assertNothingStored();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
