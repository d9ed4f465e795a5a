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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollout state machine through the real API on a controllable clock: waves, soaks, auto-halt on failures and on
 * post-install health, operator actions, targeting, canaries and precedence. Run on H2 and PostgreSQL.
 */
abstract class StagedRolloutContract {
    private static final String CLASS = "train";
    private static final String APP = "app";
    private static final int FLEET = 40;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private long release1;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.withClock(backend(), clock);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        for (int i = 0; i < FLEET; i++) {
            String id = "train-%02d".formatted(i);
            tokens.put(id, vendor.register(id, CLASS, APP, "1.0"));
        }
        byte[] image = TestVendor.randomBytes(1000, 1);
        vendor.upload(image);
        release1 = vendor.release(CLASS, vendor.sign(1, APP, "1.1", image));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void widensWaveByWaveOnlyAfterTheSoakAndEnoughInstalls() {
        long id = create("""
                {"releaseId":%d,"waves":[
                  {"percent":10,"soak":"PT1H","successPercent":100},
                  {"percent":100,"soak":"PT0S","successPercent":90}]}""".formatted(release1));
        pass();
        JsonNode status = rollout(id);
        long firstWave = status.at("/waves/0/devices").asLong();
        assertThat(firstWave + status.at("/waves/1/devices").asLong()).isEqualTo(FLEET);
        List<String> assigned = assignedDevices(id);
        assertThat(assigned).hasSize((int) firstWave);
        assertThat(status.at("/next").asText()).isEqualTo("wave 1 soaks until 2026-11-28T09:00:00Z");
        assertThat(status.at("/plan/waves/0/soak").asText()).isEqualTo("PT1H");

        assigned.forEach(d -> report(d, id, "SUCCESS"));
        clock.advance(Duration.ofMinutes(59));
        pass();
        assertThat(rollout(id).at("/currentWave").asInt()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        pass();
        status = rollout(id);
        assertThat(status.at("/currentWave").asInt()).isEqualTo(2);
        assertThat(assignedDevices(id)).hasSize(FLEET - assigned.size());
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "promoted");

        tokens.keySet().stream().filter(d -> !assigned.contains(d)).forEach(d -> report(d, id, "SUCCESS"));
        pass();
        status = rollout(id);
        assertThat(status.at("/status").asText()).isEqualTo("COMPLETED");
        assertThat(status.at("/reports/SUCCESS").asLong()).isEqualTo(FLEET);
        assertThat(status.at("/waves/1/pending").asLong()).isZero();
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "promoted", "completed");
    }

    @Test
    void haltsByItselfWhenAWaveFailsAndAssignsNothingMore() {
        long id = create("""
                {"releaseId":%d,"waves":[{"percent":50,"soak":"PT0S","successPercent":100,"maxFailures":1},
                  {"percent":100,"soak":"PT0S","successPercent":100}]}""".formatted(release1));
        pass();
        List<String> firstWave = assignedDevices(id);
        report(firstWave.get(0), id, "FAILURE");
        pass();
        assertThat(rollout(id).at("/status").asText()).isEqualTo("RUNNING");
        report(firstWave.get(1), id, "FAILURE");
        pass();
        JsonNode status = rollout(id);
        assertThat(status.at("/status").asText()).isEqualTo("HALTED");
        assertThat(status.at("/statusReason").asText()).isEqualTo("wave 1: 2 devices failed, more than the 1 allowed");
        assertThat(assignedDevices(id)).isEmpty();
        assertThat(admin.lastRolloutEvent(id).at("/actor").asText()).isEqualTo("drover");

        // An operator looks into it and resumes: the wave soaks afresh and the rollout assigns again.
        assertThat(admin.postJson("/api/v1/rollouts/" + id + "/resume", "{\"reason\":\"bad batch of SD cards\"}")
                .status()).isEqualTo(200);
        assertThat(assignedDevices(id)).hasSize(firstWave.size() - 2);
    }

    @Test
    void healthGateHaltsAWaveWhoseInstallsAreAllGreen() {
        long id = create("""
                {"releaseId":%d,"waves":[{"percent":25,"soak":"PT2H","successPercent":100},
                  {"percent":100,"soak":"PT0S","successPercent":100}],
                 "healthGate":{"marginPercent":20,"minDevices":3}}""".formatted(release1));
        pass();
        List<String> firstWave = assignedDevices(id);
        assertThat(firstWave.size()).isGreaterThanOrEqualTo(3);
        firstWave.forEach(d -> report(d, id, "SUCCESS"));
        clock.advance(Duration.ofMinutes(30));
        // Every updated device reboots unexpectedly; the devices not yet updated are fine.
        firstWave.forEach(d -> health(d, false, "3 unexpected reboots"));
        tokens.keySet().stream().filter(d -> !firstWave.contains(d)).forEach(d -> health(d, true, null));
        pass();
        JsonNode status = rollout(id);
        assertThat(status.at("/status").asText()).isEqualTo("HALTED");
        assertThat(status.at("/statusReason").asText()).startsWith("wave 1: health gate: 100.0 % of " + firstWave.size()
                + " updated devices reported trouble against 0.0 % of " + (FLEET - firstWave.size()) + " not yet updated");
        assertThat(status.at("/reports/SUCCESS").asLong()).isEqualTo(firstWave.size());
    }

    @Test
    void healthyUpdatedDevicesLetTheGatedWaveMoveOn() {
        long id = create("""
                {"releaseId":%d,"waves":[{"percent":25,"soak":"PT1H","successPercent":100},
                  {"percent":100,"soak":"PT0S","successPercent":100}],
                 "healthGate":{"marginPercent":20,"minDevices":3}}""".formatted(release1));
        pass();
        List<String> firstWave = assignedDevices(id);
        firstWave.forEach(d -> report(d, id, "SUCCESS"));
        clock.advance(Duration.ofHours(1));
        pass();
        assertThat(rollout(id).at("/next").asText()).isEqualTo("wave 1: 0 updated devices reported their health, 3 needed");
        firstWave.forEach(d -> health(d, true, null));
        pass();
        assertThat(rollout(id).at("/currentWave").asInt()).isEqualTo(2);
    }

    @Test
    void targetsByAttributesAndPutsTheCanaryGroupFirst() {
        List<String> ids = new ArrayList<>(tokens.keySet());
        for (int i = 0; i < ids.size(); i++) {
            String region = i % 2 == 0 ? "eu" : "us";
            assertThat(device(ids.get(i)).putJson("/device/v1/attributes", "{\"region\":\"" + region + "\"}").status())
                    .isEqualTo(204);
        }
        String canary = ids.get(38); // an eu device
        // In other groups too: a check-in reads the device's groups joined to each rollout, one row per group.
        assertThat(admin.putJson("/api/v1/devices/" + canary + "/groups",
                "{\"groups\":[\"depot-a\",\"canary\",\"line-s5\"]}").status()).isEqualTo(200);
        long id = create("""
                {"releaseId":%d,"filter":"region = eu","canaryGroup":"canary",
                 "waves":[{"percent":0.0001,"soak":"PT0S","successPercent":100},{"percent":100,"soak":"PT0S","successPercent":0}]}"""
                .formatted(release1));
        pass();
        assertThat(assignedDevices(id)).containsExactly(canary);
        assertThat(rollout(id).at("/waves/0/devices").asLong() + rollout(id).at("/waves/1/devices").asLong())
                .isEqualTo(FLEET / 2);
        report(canary, id, "SUCCESS");
        pass();
        List<String> second = assignedDevices(id);
        assertThat(second).hasSize(FLEET / 2 - 1)
                .allSatisfy(d -> assertThat(ids.indexOf(d) % 2).isZero());
    }

    @Test
    void aDeviceFinishesTheInstallItStartedBeforeAnyOtherRollout() {
        long low = create("{\"releaseId\":%d}".formatted(release1));
        String busy = tokens.keySet().iterator().next();
        report(busy, low, "DOWNLOADING");
        byte[] image = TestVendor.randomBytes(1000, 2);
        vendor.upload(image);
        long release2 = vendor.release(CLASS, vendor.sign(2, APP, "1.2", image));
        long urgent = create("{\"releaseId\":%d,\"priority\":100}".formatted(release2));
        assertThat(assignmentOf(busy)).isEqualTo(low);
        String idle = new ArrayList<>(tokens.keySet()).get(1);
        assertThat(assignmentOf(idle)).isEqualTo(urgent);
        report(busy, low, "SUCCESS");
        assertThat(assignmentOf(busy)).isEqualTo(urgent);
    }

    @Test
    void operatorsPauseResumePromoteAndCancelAndWrongMovesAreRefused() {
        long id = create("""
                {"releaseId":%d,"waves":[{"percent":10,"soak":"P1D","successPercent":100},
                  {"percent":100,"soak":"PT0S","successPercent":100}]}""".formatted(release1));
        pass();
        action(id, "pause", 200);
        assertThat(assignedDevices(id)).isEmpty();
        action(id, "pause", 409);
        action(id, "resume", 200);
        action(id, "resume", 409);
        action(id, "promote", 200);
        assertThat(rollout(id).at("/currentWave").asInt()).isEqualTo(2);
        assertThat(assignedDevices(id)).hasSize(FLEET);
        assertThat(admin.postJson("/api/v1/rollouts/" + id + "/promote", "").errorCode())
                .isEqualTo("rollout.invalid-transition");
        action(id, "cancel", 200);
        action(id, "resume", 409);
        assertThat(assignedDevices(id)).isEmpty();
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "paused", "resumed", "promoted", "cancelled");
        assertThat(admin.postJson("/api/v1/rollouts/999999/pause", "").errorCode()).isEqualTo("rollout.not-found");
    }

    @Test
    void badRolloutsAttributesAndHealthReportsAreRefusedAndChangeNothing() {
        assertRefused(admin.postJson("/api/v1/rollouts", "{\"releaseId\":%d,\"filter\":\"region = \"}".formatted(release1)),
                "rollout.invalid-filter");
        assertRefused(admin.postJson("/api/v1/rollouts", """
                {"releaseId":%d,"waves":[{"percent":50,"soak":"PT0S","successPercent":100}]}""".formatted(release1)),
                "rollout.invalid");
        assertRefused(admin.postJson("/api/v1/rollouts", """
                {"releaseId":%d,"waves":[{"percent":50,"soak":"-PT1S","successPercent":100},
                  {"percent":100,"soak":"PT0S","successPercent":100}]}""".formatted(release1)), "rollout.invalid");
        assertRefused(admin.postJson("/api/v1/rollouts", "{\"releaseId\":%d,\"priority\":5000}".formatted(release1)),
                "rollout.invalid");
        assertThat(assignmentOf(tokens.keySet().iterator().next())).isEqualTo(-1L);

        String dev = tokens.keySet().iterator().next();
        assertThat(device(dev).putJson("/device/v1/attributes", "{\"region\":\"eu\"}").status()).isEqualTo(204);
        assertRefused(device(dev).putJson("/device/v1/attributes", "{\"group\":\"x\"}"), "fleet.invalid");
        assertRefused(device(dev).putJson("/device/v1/attributes", "{\"region\":\"" + "x".repeat(201) + "\"}"),
                "fleet.invalid");
        assertRefused(device(dev).putJson("/device/v1/attributes", "[1,2]"), "request.malformed-json");
        assertThat(admin.get("/api/v1/devices/" + dev + "/traits").json().at("/attributes/region").asText())
                .isEqualTo("eu");
        assertRefused(admin.putJson("/api/v1/devices/" + dev + "/groups", "{\"groups\":[\"bad name\"]}"), "fleet.invalid");
        assertThat(admin.putJson("/api/v1/devices/nobody/groups", "{\"groups\":[\"a\"]}").errorCode())
                .isEqualTo("fleet.device-not-found");
        assertRefused(device(dev).postJson("/device/v1/health", "{\"healthy\":false}"), "report.invalid");
        assertRefused(device(dev).postJson("/device/v1/health", "{}"), "report.invalid");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private long create(String json) {
        Answer created = admin.postJson("/api/v1/rollouts", json);
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private void pass() {
        server.rolloutController().pass();
    }

    private JsonNode rollout(long id) {
        return admin.get("/api/v1/rollouts/" + id).json();
    }

    private void action(long id, String action, int expectedStatus) {
        Answer answer = admin.postJson("/api/v1/rollouts/" + id + "/" + action, "{\"reason\":\"test\"}");
        assertThat(answer.status()).as(action + ": " + new String(answer.body())).isEqualTo(expectedStatus);
    }

    private ApiClient device(String id) {
        return admin.as(tokens.get(id));
    }

    /** The rollout a device's check-in assigns, or -1 for none. */
    private long assignmentOf(String id) {
        Answer checkIn = device(id).get("/device/v1/checkin");
        assertThat(checkIn.status()).isEqualTo(200);
        JsonNode assignment = checkIn.json().get("assignment");
        return assignment == null || assignment.isNull() ? -1 : assignment.get("rolloutId").asLong();
    }

    private List<String> assignedDevices(long rolloutId) {
        Predicate<String> assigned = d -> assignmentOf(d) == rolloutId;
        return tokens.keySet().stream().filter(assigned).toList();
    }

    private void report(String id, long rolloutId, String status) {
        String inventory = status.equals("SUCCESS") ? "1.1" : "1.0";
        String reason = status.equals("FAILURE") ? ",\"reason\":\"agent.health-check-failed: app exits\"" : "";
        Answer answer = device(id).postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"%s"%s,"inventory":{"app":"%s"}}""".formatted(rolloutId, status, reason, inventory));
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(204);
    }

    private void health(String id, boolean healthy, String trouble) {
        String body = healthy ? "{\"healthy\":true}" : "{\"healthy\":false,\"trouble\":\"" + trouble + "\"}";
        assertThat(device(id).postJson("/device/v1/health", body).status()).isEqualTo(204);
    }

    private static void assertRefused(Answer answer, String code) {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo(code);
    }
}
