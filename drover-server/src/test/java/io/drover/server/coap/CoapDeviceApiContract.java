package io.drover.server.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.InventoryEntry;
import io.drover.suit.report.ManifestReference;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.ReportSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CoAP device API over DTLS with a PSK: each resource answers as its HTTP counterpart does, through the same
 * services, in CBOR; check-in with ETag and Observe; refusals with their stable codes.
 */
abstract class CoapDeviceApiContract {
    static final CBORMapper CBOR = new CBORMapper();

    TestServer server;
    ApiClient admin;
    TestVendor vendor;
    CoapTestClient coap;
    ApiClient http;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        // Observers are notified when the test says so (notifyChangedCheckIns), not on a timer.
        server = TestServer.withCoap(backend(), settings -> settings.withObserve(Duration.ofHours(1), 100));
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass("sensor", "app");
        http = admin.as(vendor.register("dev-1", "sensor", "app", "1.0.0"));
        coap = CoapTestClient.psk(dtlsPort(), "dev-1", issuePsk("dev-1"));
    }

    @AfterEach
    void stop() {
        coap.close();
        server.close();
    }

    int dtlsPort() {
        return server.coap().dtlsPort().orElseThrow();
    }

    String issuePsk(String deviceId) {
        ApiClient.Answer answer = admin.postJson("/api/v1/devices/" + deviceId + "/psk", "");
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(201);
        assertThat(answer.json().get("identity").asText()).isEqualTo(deviceId);
        return answer.json().get("key").asText();
    }

    static JsonNode cbor(Response response) {
        assertThat(response.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_CBOR);
        try {
            return CBOR.readTree(response.getPayload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] cbor(Object value) {
        try {
            return CBOR.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response send(Code code, String path, byte[] cborBody) {
        Request request = coap.request(code, path);
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_CBOR);
        request.setPayload(cborBody);
        return coap.send(request);
    }

    static void assertRefused(Response response, ResponseCode code, String errorCode) {
        assertThat(response.getCode()).as(response.getPayloadString()).isEqualTo(code);
        assertThat(response.getPayloadString()).startsWith(errorCode + ": ");
    }

    /** A release of app 1.1.0 rolled out to every sensor: its ids, envelope and image. */
    record Rollout(long rolloutId, long releaseId, byte[] envelope, byte[] image) {}

    Rollout rollOut() {
        byte[] image = TestVendor.randomBytes(5_000, 3);
        vendor.upload(image);
        byte[] envelope = vendor.sign(1, "app", "1.1.0", image);
        long releaseId = vendor.release("sensor", envelope);
        return new Rollout(vendor.startRollout(releaseId), releaseId, envelope, image);
    }

    @Test
    void checksInWithTheHttpAnswerInCborAndAnEtagThatValidatesAnUnchangedAnswer() {
        Response idle = coap.get("/c");

        assertThat(idle.getCode()).isEqualTo(ResponseCode.CONTENT);
        JsonNode body = cbor(idle);
        assertThat(body.get("deviceId").asText()).isEqualTo("dev-1");
        assertThat(body.get("assignment").isNull()).isTrue();
        assertThat(body.get("rollback").isNull()).isTrue();
        byte[] etag = idle.getOptions().getETags().getFirst().getValue();
        assertThat(etag).hasSize(8);

        Response valid = coap.send(withEtag(etag));
        assertThat(valid.getCode()).isEqualTo(ResponseCode.VALID);
        assertThat(valid.getPayloadSize()).isZero();
        assertThat(valid.getOptions().getETags().getFirst().getValue()).isEqualTo(etag);

        rollOut();
        Response changed = coap.send(withEtag(etag));
        assertThat(changed.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(changed.getOptions().getETags().getFirst().getValue()).isNotEqualTo(etag);
    }

    private Request withEtag(byte[] etag) {
        Request request = coap.request(Code.GET, "/c");
        request.getOptions().addETag(etag);
        return request;
    }

    @Test
    void assignsARolloutWithCoapLocationsAndServesItsEnvelopeAndArtifact() {
        Rollout rollout = rollOut();

        JsonNode assignment = cbor(coap.get("/c")).get("assignment");

        JsonNode overHttp = http.get("/device/v1/checkin").json().get("assignment");
        assertThat(assignment.get("rolloutId").asLong()).isEqualTo(rollout.rolloutId());
        assertThat(assignment.get("releaseId").asLong()).isEqualTo(rollout.releaseId());
        assertThat(assignment.get("sequenceNumber")).isEqualTo(overHttp.get("sequenceNumber"));
        assertThat(assignment.get("envelopeUrl").asText()).isEqualTo("/e/" + rollout.releaseId());
        JsonNode artifact = assignment.get("artifacts").get(0);
        String sha = TestVendor.sha256Hex(rollout.image());
        assertThat(artifact.get("sha256").asText()).isEqualTo(sha);
        assertThat(artifact.get("size").asLong()).isEqualTo(rollout.image().length);
        assertThat(artifact.get("url").asText()).isEqualTo("/a/" + sha.substring(0, 16));

        Response envelope = coap.get(assignment.get("envelopeUrl").asText());
        assertThat(envelope.getPayload()).isEqualTo(rollout.envelope());
        assertThat(envelope.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_CBOR);
        assertThat(coap.get(artifact.get("url").asText()).getPayload()).isEqualTo(rollout.image());
    }

    @Test
    void servesAnEnvelopeByTheDigestTheCheckInNamesToAnyDeviceAndOnThePlainPort() {
        Rollout rollout = rollOut();
        String sha = TestVendor.sha256Hex(rollout.envelope());
        vendor.defineClass("gateway", UUID.randomUUID(), "app");
        vendor.register("gw-1", "gateway", "app", "1.0");

        assertThat(cbor(coap.get("/c")).at("/assignment/envelopeSha256").asText()).isEqualTo(sha);
        try (CoapTestClient gateway = CoapTestClient.psk(dtlsPort(), "gw-1", issuePsk("gw-1"));
                CoapTestClient plain = CoapTestClient.plain(server.coap().port().orElseThrow())) {
            assertThat(gateway.get("/e/" + sha).getPayload()).isEqualTo(rollout.envelope());
            assertRefused(gateway.get("/e/" + rollout.releaseId()), ResponseCode.NOT_FOUND, "release.not-found");
            Response overPlain = plain.get("/e/" + sha);
            assertThat(overPlain.getPayload()).isEqualTo(rollout.envelope());
            assertThat(overPlain.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_CBOR);
            assertRefused(plain.get("/e/" + rollout.releaseId()), ResponseCode.UNAUTHORIZED,
                    "device.unknown-credential");
            assertRefused(plain.get("/e/" + "0".repeat(64)), ResponseCode.NOT_FOUND, "release.not-found");
            // Like artifacts, by the first 16 or more digits of the digest, on both ports.
            assertThat(gateway.get("/e/" + sha.substring(0, 16)).getPayload()).isEqualTo(rollout.envelope());
            assertThat(plain.get("/e/" + sha.substring(0, 33)).getPayload()).isEqualTo(rollout.envelope());
            assertRefused(plain.get("/e/" + "0".repeat(16)), ResponseCode.NOT_FOUND, "release.not-found");
        }
    }

    @Test
    void refusesAnEnvelopeOfAnotherClassOrNone() {
        UUID valveClass = UUID.randomUUID();
        vendor.defineClass("valve", valveClass, "fw");
        byte[] image = TestVendor.randomBytes(100, 4);
        vendor.upload(image);
        long valveRelease = vendor.release("valve", vendor.sign(vendor.key, valveClass, 1, "fw", "2.0", image));

        assertRefused(coap.get("/e/" + valveRelease), ResponseCode.NOT_FOUND, "release.not-found");
        assertRefused(coap.get("/e/424242"), ResponseCode.NOT_FOUND, "release.not-found");
        assertRefused(coap.get("/e/x"), ResponseCode.BAD_REQUEST, "request.bad-parameter");
        assertRefused(coap.get("/e"), ResponseCode.NOT_FOUND, "release.not-found");
    }

    @Test
    void notifiesAnObservingDeviceWhenARolloutStartsAndOnlyDevicesWhoseAnswerChanged() throws Exception {
        vendor.defineClass("valve", UUID.randomUUID(), "fw");
        vendor.register("valve-1", "valve", "fw", "1.0");
        BlockingQueue<Response> sensor = new LinkedBlockingQueue<>();
        BlockingQueue<Response> valve = new LinkedBlockingQueue<>();
        try (CoapTestClient other = CoapTestClient.psk(dtlsPort(), "valve-1", issuePsk("valve-1"))) {
            coap.observe("/c", sensor);
            other.observe("/c", valve);
            assertThat(cbor(sensor.poll(10, TimeUnit.SECONDS)).get("assignment").isNull()).isTrue();
            assertThat(cbor(valve.poll(10, TimeUnit.SECONDS)).get("assignment").isNull()).isTrue();
            assertThat(server.coap().checkInObservers()).isEqualTo(2);

            server.coap().notifyChangedCheckIns(); // nothing changed yet: nobody is told anything
            Rollout rollout = rollOut();
            server.coap().notifyChangedCheckIns();

            Response notification = sensor.poll(10, TimeUnit.SECONDS);
            assertThat(notification).isNotNull();
            assertThat(notification.getOptions().hasObserve()).isTrue();
            assertThat(cbor(notification).get("assignment").get("rolloutId").asLong())
                    .isEqualTo(rollout.rolloutId());
            // A request of the valve after the pass is answered after any notification the pass sent it.
            assertThat(other.get("/c").getCode()).isEqualTo(ResponseCode.CONTENT);
            assertThat(valve).isEmpty();
            assertThat(sensor).isEmpty();

            admin.postJson("/api/v1/rollouts/" + rollout.rolloutId() + "/pause", "{}");
            server.coap().notifyChangedCheckIns();
            assertThat(cbor(sensor.poll(10, TimeUnit.SECONDS)).get("assignment").isNull()).isTrue();
        }
    }

    @Test
    void takesReportsAttributesAndHealthThroughTheSameServicesAsHttp() {
        Rollout rollout = rollOut();
        ObjectNode report = CBOR.createObjectNode().put("rolloutId", rollout.rolloutId()).put("status", "DOWNLOADING");

        assertThat(send(Code.POST, "/r", cbor(report)).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(admin.get("/api/v1/rollouts/" + rollout.rolloutId() + "/devices").json().get(0).get("status")
                .asText()).isEqualTo("DOWNLOADING");

        assertThat(send(Code.PUT, "/t", cbor(Map.of("region", "eu", "in_depot", "true"))).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(admin.get("/api/v1/devices/dev-1/traits").json().get("attributes").get("region").asText())
                .isEqualTo("eu");

        assertThat(send(Code.POST, "/h", cbor(Map.of("healthy", false, "trouble", "2 reboots"))).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        String trouble = server.withDatabase(h -> h.createQuery("SELECT trouble FROM device_health "
                + "WHERE device_id = 'dev-1'").mapTo(String.class).one());
        assertThat(trouble).isEqualTo("2 reboots");
    }

    @Test
    void acceptsAReportSignedWithTheRegisteredIdentityKeyAsACborByteString() {
        Rollout rollout = rollOut();
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519);
        Response registered = send(Code.PUT, "/i", cbor(Map.of("publicKeyPem", key.verificationKey().toPem())));
        assertThat(registered.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(cbor(registered).get("keyId").asText()).isEqualTo(key.verificationKey().keyId());
        String sha = TestVendor.sha256Hex(rollout.image());
        InstallReport success = new InstallReport("dev-1", rollout.rolloutId(), rollout.releaseId(),
                Instant.parse("2026-11-28T12:00:00Z"), ManifestReference.of(SuitEnvelope.decode(rollout.envelope())),
                new ReportResult.Success(), Optional.empty(), Map.of("app", new InventoryEntry("1.0.0",
                        Optional.empty())), Map.of("app", new InventoryEntry("1.1.0",
                        Optional.of(new InventoryEntry.Image(sha, rollout.image().length)))));
        byte[] signed = ReportSigner.create(key).sign(success.toSuitReport());
        ObjectNode report = CBOR.createObjectNode().put("rolloutId", rollout.rolloutId()).put("status", "SUCCESS");
        report.putObject("inventory").put("app", "1.1.0");
        report.putObject("digests").put("app", sha);
        report.put("signedReport", signed); // a byte string, not base64 text

        assertThat(send(Code.POST, "/r", cbor(report)).getCode()).isEqualTo(ResponseCode.CHANGED);

        JsonNode row = admin.get("/api/v1/rollouts/" + rollout.rolloutId() + "/devices").json().get(0);
        assertThat(row.get("status").asText()).isEqualTo("SUCCESS");
        assertThat(row.get("verified").asBoolean()).isTrue();
    }

    @Test
    void refusesBadBodiesWithTheirCodesAndStoresNothing() {
        Rollout rollout = rollOut();
        Request json = coap.request(Code.POST, "/r");
        json.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        json.setPayload("{\"rolloutId\":1,\"status\":\"DOWNLOADING\"}");

        assertRefused(coap.send(json), ResponseCode.UNSUPPORTED_CONTENT_FORMAT, "coap.unsupported-content-format");
        assertRefused(send(Code.POST, "/r", new byte[] {(byte) 0xbf, 0x61}), ResponseCode.BAD_REQUEST,
                "request.malformed-cbor");
        assertRefused(send(Code.POST, "/r", cbor(Map.of("rolloutId", rollout.rolloutId()))), ResponseCode.BAD_REQUEST,
                "report.invalid");
        assertRefused(send(Code.POST, "/r", cbor(Map.of("rolloutId", rollout.rolloutId(), "status", "STEPPED"))),
                ResponseCode.BAD_REQUEST, "report.invalid");
        assertRefused(send(Code.POST, "/r", cbor(Map.of("rolloutId", rollout.rolloutId() + 1, "status",
                "DOWNLOADING"))), ResponseCode.CONFLICT, "report.not-in-rollout");
        assertRefused(send(Code.PUT, "/t", cbor(Map.of("group", "x"))), ResponseCode.BAD_REQUEST, "fleet.invalid");
        assertRefused(send(Code.POST, "/h", cbor(Map.of("healthy", false))), ResponseCode.BAD_REQUEST,
                "report.invalid");
        assertRefused(send(Code.GET, "/r", null), ResponseCode.METHOD_NOT_ALLOWED, "coap.method-not-allowed");

        assertThat(admin.get("/api/v1/rollouts/" + rollout.rolloutId() + "/devices").json().size()).isZero();
        assertThat(admin.get("/api/v1/devices/dev-1/traits").json().get("attributes").size()).isZero();
    }

    @Test
    void answersTheLedgerHeadWithItsConsistencyProof() {
        long size = server.ledger().latestHead().head().size(); // sequences and signs what was recorded so far
        rollOut();
        long grown = server.ledger().latestHead().head().size();

        JsonNode answer = cbor(coap.get("/l?since=" + size));

        assertThat(answer.get("head").get("size").asLong()).isEqualTo(grown).isGreaterThan(size);
        assertThat(answer.get("consistency").get("first").asLong()).isEqualTo(size);
        assertThat(answer.get("consistency").get("second").asLong()).isEqualTo(grown);
        assertThat(cbor(coap.get("/l")).get("consistency").isNull()).isTrue();
        assertRefused(coap.get("/l?since=-1"), ResponseCode.BAD_REQUEST, "request.bad-parameter");
        assertRefused(coap.get("/l?since=x"), ResponseCode.BAD_REQUEST, "request.bad-parameter");
    }

    @Test
    void aRevokedDeviceIsRefusedAtItsNextRequestAndItsNextHandshake() {
        assertThat(coap.get("/c").getCode()).isEqualTo(ResponseCode.CONTENT);
        admin.postJson("/api/v1/devices/dev-1/revoke", "");

        assertRefused(coap.get("/c"), ResponseCode.UNAUTHORIZED, "device.revoked-credential");
        assertRefused(send(Code.PUT, "/t", cbor(Map.of("region", "eu"))), ResponseCode.UNAUTHORIZED,
                "device.revoked-credential");
        assertThat(admin.get("/api/v1/devices/dev-1/traits").json().get("attributes").size()).isZero();
        coap.forgetSession();
        assertThatThrownBy(() -> coap.get("/c")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReissuedPskEndsTheSessionsOfTheOneBefore() {
        assertThat(coap.get("/c").getCode()).isEqualTo(ResponseCode.CONTENT);
        String fresh = issuePsk("dev-1");

        assertRefused(coap.get("/c"), ResponseCode.UNAUTHORIZED, "device.unknown-credential");
        try (CoapTestClient renewed = CoapTestClient.psk(dtlsPort(), "dev-1", fresh)) {
            assertThat(renewed.get("/c").getCode()).isEqualTo(ResponseCode.CONTENT);
        }
    }
}
