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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Component criticality and the two-person rule through the real API: a rollout that changes a component critical
 * in its class assigns nothing until someone other than its creator approves it. Run on H2 and PostgreSQL.
 */
abstract class TwoPersonRuleContract {
    private static final String CLASS = "pump";
    private static final int FLEET = 5;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
    private TestServer server;
    private ApiClient admin;
    private ApiClient operator;
    private ApiClient approver;
    private ApiClient auditor;
    private TestVendor vendor;
    private final List<String> tokens = new ArrayList<>();
    private long appRelease;
    private long bootloaderRelease;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.withClock(backend(), clock);
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        operator = user("olga", "operator");
        approver = user("anna", "approver");
        auditor = user("aude", "auditor");
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        Answer defined = defineClass(CLASS, "{\"bootloader\":\"critical\",\"app\":\"low\"}");
        assertThat(defined.status()).as(new String(defined.body())).isEqualTo(201);
        vendor.trust(CLASS, vendor.key);
        for (int i = 0; i < FLEET; i++) {
            tokens.add(vendor.register("pump-" + i, CLASS, "app", "1.0"));
        }
        appRelease = release(1, "app", "1.1");
        bootloaderRelease = release(2, "bootloader", "2.0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void classesKeepTheCriticalityOfEachComponent() {
        JsonNode pump = admin.get("/api/v1/classes/" + CLASS).json();
        assertThat(pump.at("/criticality/bootloader").asText()).isEqualTo("critical");
        assertThat(pump.at("/criticality/app").asText()).isEqualTo("low");
        assertThat(pump.at("/criticality/os").asText()).isEqualTo("medium"); // not named: the default

        for (String bad : List.of("{\"kernel\":\"critical\"}", "{\"app\":\"severe\"}", "{\"app\":null}")) {
            Answer refused = defineClass("valve", bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.errorCode()).as(bad).isEqualTo("fleet.invalid");
        }
        assertThat(defineClass("valve", "{\"app\":\"severe\"}").json().get("message").asText())
                .isEqualTo("the criticality of component 'app' must be one of [low, medium, high, critical]; got 'severe'");
        assertThat(admin.get("/api/v1/classes/valve").errorCode()).isEqualTo("fleet.class-not-found");
        assertThat(admin.get("/api/v1/classes").json()).hasSize(1);
    }

    @Test
    void aRolloutOfACriticalComponentAssignsNothingUntilSomeoneElseApprovesIt() {
        Answer created = operator.postJson("/api/v1/rollouts", "{\"releaseId\":" + bootloaderRelease + "}");
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(created.json().get("createdBy").asText()).isEqualTo("olga");
        assertThat(created.json().at("/approval/components").toString()).isEqualTo("[\"bootloader\"]");
        assertThat(created.json().at("/approval/approvedBy").isNull()).isTrue();
        pass();
        assertThat(assigned(id)).isZero();

        // The creator may not approve, whatever their role; nor may roles that approve nothing.
        assertRefused(operator.postJson(approve(id), "{}"), 403, "auth.forbidden");
        assertRefused(auditor.postJson(approve(id), "{}"), 403, "auth.forbidden");
        assertThat(rollout(id).get("status").asText()).isEqualTo("AWAITING_APPROVAL");

        clock.advance(Duration.ofMinutes(5));
        Answer approved = approver.postJson(approve(id), "{\"reason\":\"bootloader 2.0 passed the bench\"}");
        assertThat(approved.status()).as(new String(approved.body())).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("RUNNING");
        assertThat(approved.json().get("waveStartedAt").asText()).isEqualTo("2026-11-28T08:05:00Z");
        assertThat(approved.json().at("/approval/approvedBy").asText()).isEqualTo("anna");
        assertThat(approved.json().at("/approval/approvedAt").asText()).isEqualTo("2026-11-28T08:05:00Z");
        JsonNode event = admin.lastRolloutEvent(id);
        assertThat(event.get("actor").asText()).isEqualTo("anna");
        assertThat(event.get("action").asText()).isEqualTo("approved");
        assertThat(event.get("detail").asText()).isEqualTo("wave 1 starts: bootloader 2.0 passed the bench");
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "approved");
        assertThat(admin.get("/api/v1/rollouts/" + id + "/events").json().get(0).get("detail").asText())
                .endsWith("; it changes critical component(s) bootloader and awaits the approval of someone other than olga");
        pass();
        assertThat(assigned(id)).isEqualTo(FLEET);

        // Approved once is approved: another approval is refused and changes nothing.
        assertRefused(admin.postJson(approve(id), ""), 409, "rollout.not-awaiting-approval");
        assertThat(admin.rolloutEventActions(id)).containsExactly("created", "approved");
    }

    @Test
    void anAdministratorWhoCreatedARolloutCannotApproveItButAnotherCan() {
        long byAdmin = create(admin, bootloaderRelease);
        Answer own = admin.postJson(approve(byAdmin), "{}");
        assertRefused(own, 403, "rollout.self-approval");
        assertThat(own.json().get("message").asText()).isEqualTo("rollout " + byAdmin + " was created by admin, who "
                + "may not also approve it: someone else must");
        assertThat(rollout(byAdmin).get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        assertThat(approver.postJson(approve(byAdmin), "").json().get("status").asText()).isEqualTo("RUNNING");

        // A second administrator is another person: they may approve what the first created.
        ApiClient secondAdmin = user("root2", "admin");
        long byOperator = create(operator, release(3, "bootloader", "2.1"));
        assertThat(secondAdmin.postJson(approve(byOperator), "").json().get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void approvalComesBeforeTheRehearsalGateAndCancelWorksWhileWaiting() {
        Answer created = operator.postJson("/api/v1/rollouts", "{\"releaseId\":%d,\"rehearsal\":{\"devices\":10}}"
                .formatted(bootloaderRelease));
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("status").asText()).isEqualTo("AWAITING_APPROVAL");
        String result = "{\"releaseId\":%d,\"devices\":10,\"updated\":10,\"rolledBack\":0,\"unchanged\":0,\"failed\":0,"
                .formatted(bootloaderRelease) + "\"bricked\":0,\"failureReasons\":{},\"faults\":{},\"mismatches\":[],\"seed\":1}";
        assertRefused(operator.postJson("/api/v1/rollouts/" + id + "/rehearsal", result), 409,
                "rollout.not-awaiting-rehearsal");
        for (String action : List.of("pause", "resume", "promote")) {
            assertRefused(operator.postJson("/api/v1/rollouts/" + id + "/" + action, "{}"), 409,
                    "rollout.invalid-transition");
        }
        assertThat(approver.postJson(approve(id), "").json().get("status").asText()).isEqualTo("AWAITING_REHEARSAL");
        assertThat(admin.lastRolloutEvent(id).get("detail").asText()).isEqualTo("it awaits its rehearsal");
        pass();
        assertThat(assigned(id)).isZero();
        assertThat(operator.postJson("/api/v1/rollouts/" + id + "/rehearsal", result).json().get("status").asText())
                .isEqualTo("RUNNING");

        long waiting = create(operator, release(3, "bootloader", "2.1"));
        Answer cancelled = operator.postJson("/api/v1/rollouts/" + waiting + "/cancel", "{\"reason\":\"wrong build\"}");
        assertThat(cancelled.json().get("status").asText()).isEqualTo("CANCELLED");
        assertRefused(approver.postJson(approve(waiting), ""), 409, "rollout.not-awaiting-approval");
    }

    @Test
    void aRolloutOfNoCriticalComponentNeedsNoApproval() {
        Answer created = operator.postJson("/api/v1/rollouts", "{\"releaseId\":" + appRelease + "}");
        assertThat(created.json().get("status").asText()).isEqualTo("RUNNING");
        assertThat(created.json().get("approval").isNull()).isTrue();
        long id = created.json().get("id").asLong();
        assertRefused(approver.postJson(approve(id), ""), 409, "rollout.not-awaiting-approval");
        assertRefused(approver.postJson(approve(999_999), ""), 404, "rollout.not-found");
        assertRefused(approver.postJson(approve(id), "[]"), 400, "request.malformed-json");
        assertThat(admin.rolloutEventActions(id)).containsExactly("created");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private ApiClient user(String name, String role) {
        Answer created = admin.postJson("/api/v1/users", "{\"name\":\"%s\",\"role\":\"%s\"}".formatted(name, role));
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        return admin.as(created.json().get("token").asText());
    }

    private Answer defineClass(String name, String criticality) {
        return admin.postJson("/api/v1/classes", ("{\"name\":\"%s\",\"vendorId\":\"%s\",\"classId\":\"%s\","
                + "\"components\":[\"app\",\"bootloader\",\"os\"],\"criticality\":%s}")
                .formatted(name, vendor.vendorId, vendor.classId, criticality));
    }

    private long release(long sequence, String component, String version) {
        byte[] image = TestVendor.randomBytes(1000, sequence);
        vendor.upload(image);
        return vendor.release(CLASS, vendor.sign(sequence, component, version, image));
    }

    private static long create(ApiClient creator, long releaseId) {
        Answer created = creator.postJson("/api/v1/rollouts", "{\"releaseId\":" + releaseId + "}");
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static String approve(long id) {
        return "/api/v1/rollouts/" + id + "/approve";
    }

    private JsonNode rollout(long id) {
        return auditor.get("/api/v1/rollouts/" + id).json();
    }

    private void pass() {
        server.rolloutController().pass();
    }

    /** How many devices a check-in assigns this rollout to. */
    private long assigned(long rolloutId) {
        return tokens.stream().filter(token -> {
            JsonNode assignment = admin.as(token).get("/device/v1/checkin").json().get("assignment");
            return assignment != null && !assignment.isNull() && assignment.get("rolloutId").asLong() == rolloutId;
        }).count();
    }

    private static void assertRefused(Answer answer, int status, String code) {
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(status);
        assertThat(answer.errorCode()).isEqualTo(code);
    }
}
