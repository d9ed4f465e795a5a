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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A device's history across rollouts through the real API: every status it went through with the server's time,
 * newest first, paged by entry id; unknown devices and bad paging refused. Run on H2 and PostgreSQL.
 */
abstract class DeviceHistoryContract {
    private static final String CLASS = "ferry";
    private static final String APP = "app";

    private ClockedFleet fleet;
    private MutableClock clock;
    private TestServer server;
    private ApiClient admin;
    private ApiClient device;
    private long release1;
    private long release2;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        fleet = ClockedFleet.start(backend(), CLASS, APP);
        clock = fleet.clock();
        server = fleet.server();
        admin = fleet.admin();
        device = admin.as(fleet.register("ferry-1", "1.0"));
        fleet.register("ferry-2", "1.0");
        release1 = fleet.release(1, "1.1");
        release2 = fleet.release(2, "1.2");
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void listsEveryTransitionAcrossRolloutsNewestFirstWithTheServersTime() {
        long first = admin.postJson("/api/v1/rollouts", "{\"releaseId\":" + release1 + "}").json().get("id").asLong();
        report(first, "DOWNLOADING", null, "1.0");
        report(first, "RETRYING", "agent.download-failed: connection reset", "1.0");
        report(first, "INSTALLING", null, "1.0");
        report(first, "SUCCESS", null, "1.1");
        long second = admin.postJson("/api/v1/rollouts", "{\"releaseId\":" + release2 + "}").json().get("id").asLong();
        report(second, "DOWNLOADING", null, "1.1");
        report(second, "FAILURE", "agent.health-check-failed: app exits", "1.1");

        JsonNode history = history("");
        assertThat(statuses(history)).containsExactly("FAILURE", "DOWNLOADING", "SUCCESS", "INSTALLING", "RETRYING",
                "DOWNLOADING");
        JsonNode failure = history.get(0);
        assertThat(failure.get("rolloutId").asLong()).isEqualTo(second);
        assertThat(failure.get("releaseId").asLong()).isEqualTo(release2);
        assertThat(failure.get("releaseSequence").asLong()).isEqualTo(2);
        assertThat(failure.get("wave").asInt()).isEqualTo(1);
        assertThat(failure.get("reason").asText()).isEqualTo("agent.health-check-failed: app exits");
        assertThat(failure.get("verified").asBoolean()).isFalse();
        assertThat(Instant.parse(failure.get("recordedAt").asText())).isEqualTo(Instant.parse("2026-11-28T08:06:00Z"));
        JsonNode retrying = history.get(4);
        assertThat(retrying.get("rolloutId").asLong()).isEqualTo(first);
        assertThat(retrying.get("releaseSequence").asLong()).isEqualTo(1);
        assertThat(retrying.get("reason").asText()).isEqualTo("agent.download-failed: connection reset");
        assertThat(Instant.parse(history.get(5).get("recordedAt").asText()))
                .isEqualTo(Instant.parse("2026-11-28T08:01:00Z"));
        assertThat(history("ferry-2", "").size()).isZero();
    }

    @Test
    void pagesBeforeAnEntryIdSoNewEntriesNeitherRepeatNorShiftAPage() {
        long rollout = admin.postJson("/api/v1/rollouts", "{\"releaseId\":" + release1 + "}").json().get("id").asLong();
        report(rollout, "DOWNLOADING", null, "1.0");
        report(rollout, "INSTALLING", null, "1.0");
        report(rollout, "SUCCESS", null, "1.1");

        JsonNode page1 = history("?limit=2");
        assertThat(statuses(page1)).containsExactly("SUCCESS", "INSTALLING");
        long last = page1.get(1).get("id").asLong();
        JsonNode page2 = history("?limit=2&before=" + last);
        assertThat(statuses(page2)).containsExactly("DOWNLOADING");
        assertThat(history("?before=" + page2.get(0).get("id").asLong()).size()).isZero();
    }

    @Test
    void anUnknownDeviceIsNotFoundAndBadPagingIsRefused() {
        Answer unknown = admin.get("/api/v1/devices/nobody/history");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("fleet.device-not-found");
        for (String query : List.of("?limit=0", "?limit=1001", "?limit=ten", "?before=0", "?before=-3", "?before=x",
                "?limit=99999999999")) {
            Answer refused = admin.get("/api/v1/devices/ferry-1/history" + query);
            assertThat(refused.status()).as(query).isEqualTo(400);
            assertThat(refused.errorCode()).as(query).isEqualTo("request.bad-page");
            assertThat(refused.json().get("message").asText()).as(query).isNotBlank();
        }
    }

    @Test
    void aRefusedReportLeavesNoEntry() {
        long rollout = admin.postJson("/api/v1/rollouts", "{\"releaseId\":" + release1 + "}").json().get("id").asLong();
        report(rollout, "SUCCESS", null, "1.1");
        Answer late = device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"DOWNLOADING","inventory":{"app":"1.1"}}""".formatted(rollout));
        assertThat(late.errorCode()).isEqualTo("report.already-final");
        Answer serverStatus = device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"STEPPED","inventory":{"app":"1.1"}}""".formatted(rollout));
        assertThat(serverStatus.errorCode()).isEqualTo("report.invalid");
        assertThat(statuses(history(""))).containsExactly("SUCCESS");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** ferry-1 reports {@code status} a minute after its previous report. */
    private void report(long rollout, String status, String reason, String version) {
        clock.advance(Duration.ofMinutes(1));
        String because = reason == null ? "" : ",\"reason\":\"" + reason + "\"";
        Answer answer = device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"%s"%s,"inventory":{"app":"%s"}}""".formatted(rollout, status, because, version));
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(204);
    }

    private JsonNode history(String query) {
        return history("ferry-1", query);
    }

    private JsonNode history(String deviceId, String query) {
        Answer answer = admin.get("/api/v1/devices/" + deviceId + "/history" + query);
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
        return answer.json();
    }

    private static List<String> statuses(JsonNode history) {
        List<String> statuses = new ArrayList<>();
        history.forEach(e -> statuses.add(e.get("status").asText()));
        return statuses;
    }
}
