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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rehearsal gate through the real API on a controllable clock: a rollout that requires a rehearsal assigns
 * nothing until a result the server judges passing is recorded; every result and verdict stays in its record. Run on
 * H2 and PostgreSQL.
 */
abstract class RehearsalGateContract {
    private static final String CLASS = "press";
    private static final String APP = "app";
    private static final int FLEET = 20;

    private ClockedFleet fleet;
    private MutableClock clock;
    private TestServer server;
    private ApiClient admin;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private long release;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        fleet = ClockedFleet.start(backend(), CLASS, APP);
        clock = fleet.clock();
        server = fleet.server();
        admin = fleet.admin();
        tokens.putAll(fleet.register("press", FLEET, "1.0"));
        release = fleet.release(1, "1.1");
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void assignsNothingUntilARehearsalPassesThenStartsWaveOne() {
        long id = createRequiring(200, 5);
        pass();
        JsonNode created = rollout(id);
        assertThat(created.at("/status").asText()).isEqualTo("AWAITING_REHEARSAL");
        assertThat(created.at("/rehearsal/devices").asInt()).isEqualTo(200);
        assertThat(created.at("/rehearsal/maxFailurePercent").asInt()).isEqualTo(5);
        assertThat(created.at("/lastRehearsal").isNull()).isTrue();
        assertThat(assigned(id)).isZero();

        clock.advance(Duration.ofMinutes(10));
        // 10 of 200 not updated is the 5 % allowed.
        Answer passed = rehearse(id, result(200, 190, 6, 0, 4, 0, List.of()));
        assertThat(passed.status()).as(new String(passed.body())).isEqualTo(200);
        JsonNode running = passed.json();
        assertThat(running.at("/status").asText()).isEqualTo("RUNNING");
        assertThat(running.at("/waveStartedAt").asText()).isEqualTo("2026-11-28T08:10:00Z");
        assertThat(running.at("/lastRehearsal/verdict/passed").asBoolean()).isTrue();
        assertThat(running.at("/lastRehearsal/actor").asText()).isEqualTo("admin");
        assertThat(running.at("/lastRehearsal/result/updated").asInt()).isEqualTo(190);
        assertThat(running.at("/lastRehearsal/result/failureReasons/agent.health-check-failed").asInt()).isEqualTo(6);
        pass();
        assertThat(assigned(id)).isEqualTo(FLEET);
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "rehearsal passed");
        assertThat(admin.lastRolloutEvent(id).at("/detail").asText()).isEqualTo("190 of 200 devices updated; wave 1 starts");

        // Once started, a rollout takes no rehearsal result any more.
        assertConflict(rehearse(id, result(200, 200, 0, 0, 0, 0, List.of())), "rollout.not-awaiting-rehearsal");
        assertThat(admin.rolloutEventActions(id)).hasSize(2);
    }

    @Test
    void aFailingRehearsalKeepsTheRolloutUnstartedAndIsInItsRecord() {
        long id = createRequiring(50, 0);
        Answer failed = rehearse(id, result(50, 0, 50, 0, 0, 0, List.of()));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().at("/status").asText()).isEqualTo("AWAITING_REHEARSAL");
        assertThat(failed.json().at("/lastRehearsal/verdict/passed").asBoolean()).isFalse();
        assertThat(failed.json().at("/lastRehearsal/verdict/reason").asText()).isEqualTo(
                "50 of 50 devices did not end on the release (50 rolled back, 0 failed, 0 unchanged), more than the 0 % allowed");
        pass();
        assertThat(assigned(id)).isZero();

        // Too small a fleet, a bricked device, or devices the emulator did not predict: each fails, however many updated.
        assertThat(rehearse(id, result(49, 49, 0, 0, 0, 0, List.of())).json().at("/lastRehearsal/verdict/reason")
                .asText()).isEqualTo("49 devices rehearsed, fewer than the 50 required");
        assertThat(rehearse(id, result(50, 49, 0, 0, 1, 1, List.of())).json().at("/lastRehearsal/verdict/reason")
                .asText()).isEqualTo("1 devices would not boot a valid slot");
        assertThat(rehearse(id, result(50, 50, 0, 0, 0, 0, List.of("d-7: runs 1.0, the server records 1.1")))
                .json().at("/lastRehearsal/verdict/reason").asText())
                .isEqualTo("1 devices did not end as their faults predict: d-7: runs 1.0, the server records 1.1");
        pass();
        assertThat(assigned(id)).isZero();
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "rehearsal failed", "rehearsal failed", "rehearsal failed",
                "rehearsal failed");

        // The operator may give up on it.
        assertThat(admin.postJson("/api/v1/rollouts/" + id + "/cancel", "{\"reason\":\"bad build\"}").status())
                .isEqualTo(200);
        assertConflict(rehearse(id, result(50, 50, 0, 0, 0, 0, List.of())), "rollout.not-awaiting-rehearsal");
    }

    @Test
    void operatorActionsOtherThanCancelWaitForTheRehearsal() {
        long id = createRequiring(10, 0);
        for (String action : List.of("pause", "resume", "promote")) {
            assertConflict(admin.postJson("/api/v1/rollouts/" + id + "/" + action, "{}"), "rollout.invalid-transition");
        }
        assertThat(rollout(id).at("/status").asText()).isEqualTo("AWAITING_REHEARSAL");
    }

    @Test
    void refusesBadRehearsalsAndRequirementsStoringNothing() {
        long plain = create("{\"releaseId\":%d}".formatted(release));
        assertConflict(rehearse(plain, result(10, 10, 0, 0, 0, 0, List.of())), "rollout.not-awaiting-rehearsal");
        assertThat(rollout(plain).at("/lastRehearsal").isNull()).isTrue();

        long id = createRequiring(10, 0);
        String valid = result(10, 10, 0, 0, 0, 0, List.of());
        for (String bad : List.of(
                valid.replace("\"releaseId\":" + release, "\"releaseId\":" + (release + 1)),
                valid.replace("\"releaseId\":" + release + ",", ""),
                valid.replace("\"updated\":10", "\"updated\":9"),
                valid.replace("\"updated\":10", "\"updated\":-1"),
                valid.replace("\"devices\":10", "\"devices\":0"),
                valid.replace(",\"bricked\":0", ""),
                valid.replace("\"bricked\":0", "\"bricked\":1"),
                valid.replace("{\"agent", "{\"agent.x\":-2,\"agent"),
                valid.replace("\"mismatches\":[]", "\"mismatches\":[\"d-1: bricked\"],\"mismatchCount\":0"),
                valid.replace("\"mismatches\":[]", "\"mismatches\":[],\"mismatchCount\":11"),
                valid.replace("\"mismatches\":[]", "\"mismatches\":[\"" + "x".repeat(1001) + "\"]"),
                valid.replace("\"mismatches\":[]", "\"mismatches\":[" + String.join(",",
                        Collections.nCopies(101, "\"d: bricked\"")) + "]"))) {
            Answer refused = rehearse(id, bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.errorCode()).as(bad).isEqualTo("rollout.invalid");
        }
        // The server judges: a client's verdict is no field of a result.
        assertThat(rehearse(id, valid.substring(0, valid.length() - 1) + ",\"passed\":true}").errorCode())
                .isEqualTo("request.malformed-json");
        assertThat(rehearse(id, "[]").errorCode()).isEqualTo("request.malformed-json");
        assertThat(admin.postJson("/api/v1/rollouts/999999/rehearsal", valid).errorCode()).isEqualTo("rollout.not-found");
        JsonNode unchanged = rollout(id);
        assertThat(unchanged.at("/status").asText()).isEqualTo("AWAITING_REHEARSAL");
        assertThat(unchanged.at("/lastRehearsal").isNull()).isTrue();
        assertThat(admin.rolloutEventActions(id)).containsExactly("created");

        for (String requirement : List.of("{}", "{\"devices\":0}", "{\"devices\":100001}",
                "{\"devices\":10,\"maxFailurePercent\":101}", "{\"devices\":10,\"maxFailurePercent\":-1}")) {
            Answer refused = admin.postJson("/api/v1/rollouts",
                    "{\"releaseId\":%d,\"rehearsal\":%s}".formatted(release, requirement));
            assertThat(refused.status()).as(requirement).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo("rollout.invalid");
        }
        // Nothing was stored: the next rollout takes the next id.
        assertThat(create("{\"releaseId\":%d}".formatted(release))).isEqualTo(id + 1);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private long createRequiring(int devices, int maxFailurePercent) {
        return create("{\"releaseId\":%d,\"rehearsal\":{\"devices\":%d,\"maxFailurePercent\":%d}}"
                .formatted(release, devices, maxFailurePercent));
    }

    private long create(String json) {
        Answer created = admin.postJson("/api/v1/rollouts", json);
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** A result as {@code drover rollout rehearse} posts it; rolled-back devices failed their health check. */
    private String result(int devices, int updated, int rolledBack, int unchanged, int failed, int bricked,
            List<String> mismatches) {
        return ("{\"releaseId\":%d,\"devices\":%d,\"updated\":%d,\"rolledBack\":%d,\"unchanged\":%d,\"failed\":%d,"
                + "\"bricked\":%d,\"failureReasons\":{\"agent.health-check-failed\":%d},\"faults\":{\"UNHEALTHY\":%d},"
                + "\"mismatches\":[%s],\"seed\":7}").formatted(release, devices, updated, rolledBack, unchanged, failed,
                bricked, rolledBack, rolledBack,
                String.join(",", mismatches.stream().map(m -> "\"" + m + "\"").toList()));
    }

    private Answer rehearse(long id, String result) {
        return admin.postJson("/api/v1/rollouts/" + id + "/rehearsal", result);
    }

    private void pass() {
        server.rolloutController().pass();
    }

    private JsonNode rollout(long id) {
        return admin.get("/api/v1/rollouts/" + id).json();
    }

    /** How many devices a check-in assigns this rollout to. */
    private long assigned(long rolloutId) {
        return tokens.values().stream().filter(token -> {
            JsonNode assignment = admin.as(token).get("/device/v1/checkin").json().get("assignment");
            return assignment != null && !assignment.isNull() && assignment.get("rolloutId").asLong() == rolloutId;
        }).count();
    }

    private static void assertConflict(Answer answer, String code) {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo(code);
    }
}
