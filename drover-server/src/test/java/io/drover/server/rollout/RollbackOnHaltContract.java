package io.drover.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.ClockedFleet;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rollout halted by its health gate with {@code rollbackOnHalt}: the devices that installed its release are told to
 * return to what they ran before, and their ROLLED_BACK reports are counted, recorded and accepted only when ordered.
 * Run on H2 and PostgreSQL.
 */
abstract class RollbackOnHaltContract {
    private static final String CLASS = "lift";
    private static final String APP = "app";
    private static final int FLEET = 16;
    private static final String GATED_WAVES = """
            "waves":[{"percent":25,"soak":"PT2H","successPercent":100,"maxFailures":0},
              {"percent":100,"soak":"PT0S","successPercent":100}]""";

    private static final String ROLLBACK_GATED =
            "{\"releaseId\":%d,%s,\"healthGate\":{\"marginPercent\":20,\"minDevices\":3,\"rollbackOnHalt\":true}}";

    private ClockedFleet fleet;
    private MutableClock clock;
    private TestServer server;
    private ApiClient admin;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private long release1;
    private long release2;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        fleet = ClockedFleet.start(backend(), CLASS, APP);
        clock = fleet.clock();
        server = fleet.server();
        admin = fleet.admin();
        tokens.putAll(fleet.register("lift", FLEET, "1.0"));
        release1 = fleet.release(1, "1.1");
        release2 = fleet.release(2, "1.2");
        // Every device runs release 1 first, so release 2's rollback has a release to return to.
        long first = create("{\"releaseId\":" + release1 + "}");
        tokens.keySet().forEach(d -> assertThat(report(d, first, "SUCCESS", null, "1.1").status()).isEqualTo(204));
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void aHealthHaltTellsTheUpdatedDevicesToReturnToTheReleaseTheyRanBefore() {
        long id = create(ROLLBACK_GATED.formatted(release2, GATED_WAVES));
        assertThat(rollout(id).at("/plan/healthGate/rollbackOnHalt").asBoolean()).isTrue();
        List<String> updated = haltByHealth(id);
        assertThat(admin.lastRolloutEvent(id).get("detail").asText())
                .endsWith("; the devices that installed release " + release2 + " are told to roll back");

        String device = updated.get(0);
        Answer told = checkIn(device);
        assertThat(told.json().get("assignment").isNull()).isTrue();
        JsonNode rollback = told.json().get("rollback");
        assertThat(rollback.get("rolloutId").asLong()).isEqualTo(id);
        assertThat(rollback.get("releaseId").asLong()).isEqualTo(release2);
        assertThat(rollback.get("sequenceNumber").asLong()).isEqualTo(2);
        assertThat(rollback.get("toReleaseId").asLong()).isEqualTo(release1);
        assertThat(rollback.get("toSequenceNumber").asLong()).isEqualTo(1);
        assertThat(rollback.get("reason").asText()).isEqualTo("rollout.halted-rollback");
        assertThat(told.header("ETag")).isEqualTo("\"b" + id + "." + release2 + "\"");
        assertThat(admin.as(tokens.get(device)).get("/device/v1/checkin", "If-None-Match", told.header("ETag"))
                .status()).isEqualTo(304);
        String notUpdated = tokens.keySet().stream().filter(d -> !updated.contains(d)).findFirst().orElseThrow();
        assertThat(checkIn(notUpdated).json().get("rollback").isNull()).isTrue();

        assertThat(report(device, id, "ROLLED_BACK", "rollout.halted-rollback", "1.1").status()).isEqualTo(204);
        JsonNode view = admin.get("/api/v1/devices/" + device).json();
        assertThat(view.get("installedSequence").asLong()).isEqualTo(1);
        assertThat(view.at("/inventory/app").asText()).isEqualTo("1.1");
        assertThat(rollout(id).at("/reports/ROLLED_BACK").asLong()).isEqualTo(1);
        assertThat(rollout(id).at("/reports/SUCCESS").asLong()).isEqualTo(updated.size() - 1);
        JsonNode latest = admin.get("/api/v1/devices/" + device + "/history?limit=1").json().get(0);
        assertThat(latest.get("status").asText()).isEqualTo("ROLLED_BACK");
        assertThat(latest.get("reason").asText()).isEqualTo("rollout.halted-rollback");
        // Done: told nothing more, and a repeated report (the device missed the answer) changes nothing.
        JsonNode after = checkIn(device).json();
        assertThat(after.get("rollback").isNull()).isTrue();
        assertThat(after.get("assignment").isNull()).isTrue();
        assertThat(report(device, id, "ROLLED_BACK", "rollout.halted-rollback", "1.1").status()).isEqualTo(204);
        assertThat(rollout(id).at("/reports/ROLLED_BACK").asLong()).isEqualTo(1);
        assertThat(admin.get("/api/v1/devices/" + device + "/history").json().size()).isEqualTo(3);

        // Resumed, the rollout delivers its release again: no more rollbacks, and the rolled-back device is assigned.
        assertThat(admin.postJson("/api/v1/rollouts/" + id + "/resume", "{\"reason\":\"false alarm\"}").status())
                .isEqualTo(200);
        assertThat(checkIn(updated.get(1)).json().get("rollback").isNull()).isTrue();
        assertThat(checkIn(device).json().at("/assignment/releaseId").asLong()).isEqualTo(release2);
        assertThat(report(device, id, "DOWNLOADING", null, "1.1").status()).isEqualTo(204);
    }

    @Test
    void onlyAnOrderedRollbackIsAcceptedAndARefusedOneChangesNothing() {
        long id = create(ROLLBACK_GATED.formatted(release2, GATED_WAVES));
        List<String> updated = installFirstWave(id);
        String device = updated.get(0);
        // Running, not halted: nothing is ordered.
        assertRefused(report(device, id, "ROLLED_BACK", "rollout.halted-rollback", "1.1"), 409,
                "report.rollback-not-ordered");
        haltByHealth(id, updated);
        String notUpdated = tokens.keySet().stream().filter(d -> !updated.contains(d)).findFirst().orElseThrow();
        assertRefused(report(notUpdated, id, "ROLLED_BACK", "rollout.halted-rollback", "1.1"), 409,
                "report.rollback-not-ordered");
        assertRefused(report(device, id, "ROLLED_BACK", null, "1.1"), 400, "report.invalid");
        assertRefused(admin.as(tokens.get(device)).postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"ROLLED_BACK","reason":"rollout.halted-rollback"}""".formatted(id)), 400,
                "report.invalid");
        assertRefused(admin.as(tokens.get(device)).postJson("/device/v1/reports", """
                {"rolloutId":%d,"releaseId":%d,"status":"ROLLED_BACK","reason":"rollout.halted-rollback",
                 "inventory":{"app":"1.0"}}""".formatted(id, release1)), 409, "report.rollback-not-ordered");

        assertThat(rollout(id).at("/reports/ROLLED_BACK").isMissingNode()).isTrue();
        assertThat(admin.get("/api/v1/devices/" + device).json().get("installedSequence").asLong()).isEqualTo(2);
        assertThat(admin.get("/api/v1/devices/" + notUpdated + "/history?limit=1").json().at("/0/status").asText())
                .isEqualTo("SUCCESS");

        // Cancelled for good, the rollout keeps its order: the release stays withdrawn.
        assertThat(admin.postJson("/api/v1/rollouts/" + id + "/cancel", "{}").status()).isEqualTo(200);
        assertThat(checkIn(device).json().at("/rollback/rolloutId").asLong()).isEqualTo(id);
    }

    @Test
    void aHealthHaltWithoutTheOptionLeavesTheUpdatedDevicesAlone() {
        long plain = create("{\"releaseId\":%d,%s,\"healthGate\":{\"marginPercent\":20,\"minDevices\":3}}"
                .formatted(release2, GATED_WAVES));
        assertThat(rollout(plain).at("/plan/healthGate/rollbackOnHalt").asBoolean()).isFalse();
        List<String> updated = haltByHealth(plain);
        assertThat(checkIn(updated.get(0)).json().get("rollback").isNull()).isTrue();
        assertThat(admin.lastRolloutEvent(plain).get("detail").asText()).doesNotContain("roll back");
    }

    @Test
    void aHaltByFailuresOrdersNoRollback() {
        long failing = create(ROLLBACK_GATED.formatted(release2, GATED_WAVES));
        pass();
        List<String> wave = assigned(failing);
        report(wave.get(0), failing, "SUCCESS", null, "1.2");
        report(wave.get(1), failing, "FAILURE", "agent.health-check-failed: app exits", "1.1");
        pass();
        assertThat(rollout(failing).get("status").asText()).isEqualTo("HALTED");
        assertThat(checkIn(wave.get(0)).json().get("rollback").isNull()).isTrue();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** Starts the first wave and has it install the release; the devices that did. */
    private List<String> installFirstWave(long id) {
        pass();
        List<String> updated = assigned(id);
        updated.forEach(d -> assertThat(report(d, id, "SUCCESS", null, "1.2").status()).isEqualTo(204));
        assertThat(updated.size()).isGreaterThanOrEqualTo(3);
        return updated;
    }

    /** Starts the first wave, has it install and then report trouble, and lets the controller halt the rollout. */
    private List<String> haltByHealth(long id) {
        List<String> updated = installFirstWave(id);
        haltByHealth(id, updated);
        return updated;
    }

    /** The {@code updated} devices report trouble, the others none, and the controller halts the rollout. */
    private void haltByHealth(long id, List<String> updated) {
        clock.advance(Duration.ofMinutes(30));
        updated.forEach(d -> health(d, "{\"healthy\":false,\"trouble\":\"3 unexpected reboots\"}"));
        tokens.keySet().stream().filter(d -> !updated.contains(d)).forEach(d -> health(d, "{\"healthy\":true}"));
        pass();
        JsonNode status = rollout(id);
        assertThat(status.get("status").asText()).isEqualTo("HALTED");
        assertThat(status.get("statusReason").asText()).contains("health gate");
    }

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

    private Answer checkIn(String device) {
        Answer answer = admin.as(tokens.get(device)).get("/device/v1/checkin");
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
        return answer;
    }

    private List<String> assigned(long rolloutId) {
        return tokens.keySet().stream()
                .filter(d -> checkIn(d).json().at("/assignment/rolloutId").asLong(-1) == rolloutId).toList();
    }

    private Answer report(String device, long rolloutId, String status, String reason, String version) {
        String because = reason == null ? "" : ",\"reason\":\"" + reason + "\"";
        return admin.as(tokens.get(device)).postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"%s"%s,"inventory":{"app":"%s"}}""".formatted(rolloutId, status, because, version));
    }

    private void health(String device, String body) {
        assertThat(admin.as(tokens.get(device)).postJson("/device/v1/health", body).status()).isEqualTo(204);
    }

    private static void assertRefused(Answer answer, int status, String code) {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(status);
        assertThat(answer.errorCode()).isEqualTo(code);
        assertThat(answer.json().get("message").asText()).isNotBlank();
    }
}
