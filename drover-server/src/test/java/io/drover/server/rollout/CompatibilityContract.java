package io.drover.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compatibility policies through the real API: releases refused at creation, a device stepped through an intermediate
 * release with exact counters, a device with no allowed path counted INCOMPATIBLE while others install, a policy
 * change that judges it again, and bad policies refused without a trace. Run on H2 and PostgreSQL.
 */
abstract class CompatibilityContract {
    private static final String CLASS = "tram";
    private static final String POLICY = """
            {"rules":["app >= 2.0 requires os >= 1.4","os>=1.4 requires app>=1.0"]}""";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private final Map<String, String> tokens = new HashMap<>();
    private long os14;
    private long app20;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.withClock(backend(), clock);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, "app", "os");
        register("ready", "1.0", "1.4"); // may install app 2.0 at once
        register("old", "1.0", "1.2"); // needs os 1.4 first
        register("legacy", "0.9", "1.2"); // os 1.4 needs app 1.0, app 2.0 needs os 1.4: no way
        os14 = release(1, "os", "1.4");
        app20 = release(2, "app", "2.0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void refusesAtCreationAReleaseThatNoDeviceMayRun() {
        putPolicy(POLICY);
        byte[] app = TestVendor.randomBytes(500, 21);
        byte[] os = TestVendor.randomBytes(500, 22);
        vendor.upload(app);
        vendor.upload(os);
        Answer refused = admin.postBytes("/api/v1/classes/" + CLASS + "/releases", "application/cbor",
                vendor.sign(3, List.of(TestVendor.image("app", "2.1", app), TestVendor.image("os", "1.2", os))));
        assertThat(refused.status()).as(new String(refused.body())).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("compat.release-never-allowed");
        assertThat(refused.json().get("message").asText())
                .contains("'app >= 2.0 requires os >= 1.4' but the release sets os to 1.2");
        assertThat(admin.get("/api/v1/classes/" + CLASS + "/releases").json()).hasSize(2);

        // A policy may rule out a stored release that no rollout delivers; the answer says so, and it cannot start.
        JsonNode onlyOldOs = putPolicy("{\"allowed\":[{\"os\":\"<= 1.2\"}]}");
        assertThat(onlyOldOs.at("/neverAllowed/0/releaseId").asLong()).isEqualTo(os14);
        assertThat(onlyOldOs.at("/neverAllowed/0/reason").asText()).isEqualTo("no allowed combination admits {os=1.4}");
        assertThat(onlyOldOs.get("neverAllowed")).hasSize(1);
        Answer start = admin.postJson("/api/v1/rollouts", "{\"releaseId\":" + os14 + "}");
        assertThat(start.status()).as(new String(start.body())).isEqualTo(409);
        assertThat(start.errorCode()).isEqualTo("compat.release-never-allowed");
        assertThat(assignment("old")).isNull();
    }

    @Test
    void stepsADeviceThroughAnIntermediateReleaseWhileAnotherIsRefusedAndCountsEachExactly() {
        putPolicy(POLICY);
        long rollout = vendor.startRollout(app20);
        pass();
        assertThat(status(rollout).at("/waves/0/devices").asLong()).isEqualTo(3);

        assertThat(assignment("ready").get("releaseId").asLong()).isEqualTo(app20);
        JsonNode step = assignment("old");
        assertThat(step.get("rolloutId").asLong()).isEqualTo(rollout);
        assertThat(step.get("releaseId").asLong()).isEqualTo(os14);
        assertThat(step.get("sequenceNumber").asLong()).isEqualTo(1);
        assertThat(step.get("envelopeUrl").asText()).isEqualTo("/device/v1/releases/" + os14 + "/envelope");

        assertThat(assignment("legacy")).isNull();
        assertThat(assignment("legacy")).isNull();
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L));
        JsonNode legacy = deviceRow(rollout, "legacy");
        assertThat(legacy.get("status").asText()).isEqualTo("INCOMPATIBLE");
        assertThat(legacy.get("releaseId").asLong()).isEqualTo(app20);
        assertThat(legacy.get("reason").asText()).isEqualTo("release " + app20 + " would leave this device running "
                + "{app=2.0, os=1.2}: 'app >= 2.0 requires os >= 1.4' but os is 1.2; no allowed path through the "
                + "class's releases (at most 8 installs) leads there");
        // The server decides INCOMPATIBLE; the device can neither report it nor report on the rollout.
        assertRefused(report("legacy", rollout, null, "INCOMPATIBLE", "0.9", "1.2"), 400, "report.invalid");
        assertRefused(report("legacy", rollout, app20, "DOWNLOADING", "0.9", "1.2"), 409, "report.device-incompatible");

        installs("ready", rollout, app20, "2.0", "1.4");
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L, "SUCCESS", 1L));

        // The first step: a normal install of os 1.4, on behalf of the rollout, never counted as its SUCCESS.
        assertThat(report("old", rollout, os14, "DOWNLOADING", "1.0", "1.2").status()).isEqualTo(204);
        assertThat(assignment("old").get("releaseId").asLong()).as("a step underway comes first").isEqualTo(os14);
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L, "SUCCESS", 1L, "DOWNLOADING", 1L));
        assertThat(report("old", rollout, os14, "SUCCESS", "1.0", "1.4").status()).isEqualTo(204);
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L, "SUCCESS", 1L, "STEPPED", 1L));
        JsonNode stepped = deviceRow(rollout, "old");
        assertThat(stepped.get("status").asText()).isEqualTo("STEPPED");
        assertThat(stepped.get("releaseId").asLong()).isEqualTo(os14);
        assertThat(stepped.get("reason").asText())
                .isEqualTo("installed release " + os14 + " {os=1.4}, a step towards release " + app20);
        JsonNode oldDevice = admin.get("/api/v1/devices/old").json();
        assertThat(oldDevice.get("installedSequence").asLong()).isEqualTo(1);
        assertThat(oldDevice.at("/inventory/os").asText()).isEqualTo("1.4");
        pass();
        assertThat(status(rollout).get("status").asText()).isEqualTo("RUNNING");
        assertThat(status(rollout).get("next").asText()).isEqualTo("wave 1: 1 devices have not finished");

        // The second step is the rollout's own release; only its SUCCESS counts.
        assertThat(assignment("old").get("releaseId").asLong()).isEqualTo(app20);
        installs("old", rollout, app20, "2.0", "1.4");
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L, "SUCCESS", 2L));
        pass();
        JsonNode done = status(rollout);
        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(done.at("/waves/0/pending").asLong()).isZero();

        // Each device's history keeps every transition, steps and server judgments included, newest first.
        assertThat(history("old")).containsExactly("SUCCESS " + app20, "DOWNLOADING " + app20, "STEPPED " + os14,
                "DOWNLOADING " + os14);
        assertThat(history("legacy")).containsExactly("INCOMPATIBLE " + app20);
        assertThat(admin.get("/api/v1/devices/old/history").json().at("/3/releaseSequence").asLong()).isEqualTo(1);
        assertThat(assignment("old")).isNull();

        // A step cannot follow the end, and a report may name only the rollout's release or an earlier one.
        assertRefused(report("old", rollout, os14, "SUCCESS", "1.0", "1.4"), 409, "report.already-final");
        long later = release(3, "os", "1.5");
        assertRefused(report("ready", rollout, later, "SUCCESS", "2.0", "1.5"), 422, "report.not-a-step");
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L, "SUCCESS", 2L));
    }

    @Test
    void aChangedPolicyJudgesAnIncompatibleDeviceAgain() {
        putPolicy(POLICY);
        long rollout = vendor.startRollout(app20);
        assertThat(assignment("legacy")).isNull();
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L));

        JsonNode relaxed = putPolicy("{\"rules\":[\"app >= 2.0 requires os >= 1.4\"]}");
        assertThat(relaxed.get("revision").asLong()).isEqualTo(2);
        JsonNode step = assignment("legacy");
        assertThat(step.get("releaseId").asLong()).isEqualTo(os14);
        assertThat(reports(rollout)).isEmpty();
        assertThat(admin.get("/api/v1/rollouts/" + rollout + "/devices").json()).isEmpty();

        // And tightening it again, before the device started, judges it INCOMPATIBLE again.
        putPolicy(POLICY);
        assertThat(assignment("legacy")).isNull();
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L));
    }

    @Test
    void refusesBadPoliciesAndChangesNothing() {
        JsonNode before = putPolicy("""
                {"rules":["app >= 2.0 requires os >= 1.4"],"allowed":[{"app":"1.0","os":">= 1.2"},{"app":">=2.0"}]}""");
        assertThat(before.get("rules")).hasSize(1);
        assertThat(before.at("/allowed/0/os").asText()).isEqualTo(">= 1.2");
        assertThat(before.at("/allowed/1/app").asText()).isEqualTo(">= 2.0");
        assertThat(before.get("revision").asLong()).isEqualTo(1);
        long rollout = vendor.startRollout(app20);

        String path = "/api/v1/classes/" + CLASS + "/compatibility";
        assertRefused(admin.putJson(path, "{\"rules\":[\"app >= 2.0 needs os >= 1.4\"]}"), 400, "compat.invalid");
        assertRefused(admin.putJson(path, "{\"rules\":[\"modem >= 2 requires os >= 1.4\"]}"), 400, "compat.invalid");
        assertRefused(admin.putJson(path, "{\"allowed\":[{}]}"), 400, "compat.invalid");
        assertRefused(admin.putJson(path, "{\"allowed\":[{\"app\":\"=> 2\"}]}"), 400, "compat.invalid");
        assertRefused(admin.putJson(path, "{\"allowed\":[null]}"), 400, "compat.invalid");
        assertRefused(admin.putJson(path, "{\"rules\":[" + "\"app >= 1 requires os >= 1\",".repeat(100)
                + "\"app >= 1 requires os >= 1\"]}"), 400, "compat.invalid");
        assertRefused(admin.putJson(path, "{\"rules\":\"app >= 2.0 requires os >= 1.4\"}"), 400, "request.malformed-json");
        assertRefused(admin.putJson(path, "{\"rule\":[]}"), 400, "request.malformed-json");
        assertRefused(admin.putJson(path, "not json"), 400, "request.malformed-json");
        assertRefused(admin.putJson("/api/v1/classes/nobody/compatibility", POLICY), 404, "fleet.class-not-found");
        // Rollout 'rollout' delivers app 2.0, which this policy would allow on no device.
        Answer stranding = admin.putJson(path, "{\"allowed\":[{\"app\":\"< 2.0\"}]}");
        assertRefused(stranding, 409, "compat.policy-conflict");
        assertThat(stranding.json().get("message").asText()).contains("release " + app20 + " of rollout(s) " + rollout
                + " (RUNNING): no allowed combination admits {app=2.0}");

        assertThat(admin.get(path).json()).isEqualTo(before);
        assertThat(admin.get("/api/v1/classes/nobody/compatibility").errorCode()).isEqualTo("fleet.class-not-found");
        // Cancelled, the rollout no longer stands in the way.
        assertThat(admin.postJson("/api/v1/rollouts/" + rollout + "/cancel", "").status()).isEqualTo(200);
        assertThat(putPolicy("{\"allowed\":[{\"app\":\"< 2.0\"}]}").get("neverAllowed")).hasSize(1);
    }

    @Test
    void aClassWithoutAPolicyAllowsEverythingAndAnEmptiedPolicyIsNone() {
        JsonNode none = admin.get("/api/v1/classes/" + CLASS + "/compatibility").json();
        assertThat(none.get("revision").asLong()).isZero();
        assertThat(none.get("rules")).isEmpty();
        assertThat(none.get("allowed")).isEmpty();
        assertThat(none.get("updatedAt").isNull()).isTrue();
        long rollout = vendor.startRollout(app20);
        assertThat(List.of("ready", "old", "legacy")).allSatisfy(d ->
                assertThat(assignment(d).get("releaseId").asLong()).isEqualTo(app20));

        putPolicy(POLICY);
        assertThat(assignment("legacy")).isNull();
        assertThat(reports(rollout)).isEqualTo(Map.of("INCOMPATIBLE", 1L));
        JsonNode emptied = putPolicy("{}");
        assertThat(emptied.get("revision").asLong()).isEqualTo(2);
        assertThat(emptied.get("rules")).isEmpty();
        assertThat(assignment("legacy").get("releaseId").asLong()).isEqualTo(app20);
        assertThat(reports(rollout)).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private void register(String id, String app, String os) {
        Answer registered = admin.postJson("/api/v1/devices", """
                {"id":"%s","className":"%s","inventory":{"app":"%s","os":"%s"}}""".formatted(id, CLASS, app, os));
        assertThat(registered.status()).as(new String(registered.body())).isEqualTo(201);
        tokens.put(id, registered.json().get("token").asText());
    }

    private long release(long sequence, String component, String version) {
        byte[] image = TestVendor.randomBytes(500, sequence);
        vendor.upload(image);
        return vendor.release(CLASS, vendor.sign(sequence, component, version, image));
    }

    private JsonNode putPolicy(String json) {
        Answer answer = admin.putJson("/api/v1/classes/" + CLASS + "/compatibility", json);
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
        return answer.json();
    }

    private void pass() {
        server.rolloutController().pass();
    }

    private JsonNode status(long rollout) {
        return admin.get("/api/v1/rollouts/" + rollout).json();
    }

    /** The rollout's devices per status, over all waves. */
    private Map<String, Long> reports(long rollout) {
        Map<String, Long> counts = new HashMap<>();
        status(rollout).get("reports").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private JsonNode deviceRow(long rollout, String deviceId) {
        for (JsonNode row : admin.get("/api/v1/rollouts/" + rollout + "/devices").json()) {
            if (row.get("deviceId").asText().equals(deviceId)) {
                return row;
            }
        }
        throw new AssertionError("rollout " + rollout + " lists no device " + deviceId);
    }

    /** The device's check-in assignment, or null for none. */
    private JsonNode assignment(String deviceId) {
        Answer checkIn = admin.as(tokens.get(deviceId)).get("/device/v1/checkin");
        assertThat(checkIn.status()).as(new String(checkIn.body())).isEqualTo(200);
        JsonNode assignment = checkIn.json().get("assignment");
        return assignment == null || assignment.isNull() ? null : assignment;
    }

    /** A report naming {@code release} (null: none) with what the device runs (app and os versions). */
    private Answer report(String deviceId, long rollout, Long release, String status, String app, String os) {
        return admin.as(tokens.get(deviceId)).postJson("/device/v1/reports", """
                {"rolloutId":%d,"releaseId":%s,"status":"%s","inventory":{"app":"%s","os":"%s"}}"""
                .formatted(rollout, release, status, app, os));
    }

    /** The device downloads and installs {@code release}, which leaves it running {@code app} and {@code os}. */
    private void installs(String deviceId, long rollout, long release, String app, String os) {
        JsonNode before = admin.get("/api/v1/devices/" + deviceId).json().get("inventory");
        assertThat(report(deviceId, rollout, release, "DOWNLOADING", before.get("app").asText(),
                before.get("os").asText()).status()).isEqualTo(204);
        assertThat(report(deviceId, rollout, release, "SUCCESS", app, os).status()).isEqualTo(204);
    }

    /** A device's history, newest first, as "STATUS releaseId". */
    private List<String> history(String deviceId) {
        List<String> entries = new java.util.ArrayList<>();
        admin.get("/api/v1/devices/" + deviceId + "/history").json()
                .forEach(e -> entries.add(e.get("status").asText() + " " + e.get("releaseId").asLong()));
        return entries;
    }

    private static void assertRefused(Answer answer, int status, String code) {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(status);
        assertThat(answer.errorCode()).isEqualTo(code);
    }
}
