package io.drover.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.ClockedFleet;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rollout's safety conditions (maintenance windows, device attributes): validated at creation, stored, shown with
 * the rollout and sent in every assignment, where the device's agent judges them; a device they hold back reports
 * WAITING, which the rollout counts as waiting. Run on H2 and PostgreSQL.
 */
abstract class RolloutSafetyContract {
    private static final String CLASS = "tram";
    private static final String APP = "app";

    private ClockedFleet fleet;
    private MutableClock clock;
    private TestServer server;
    private ApiClient admin;
    private ApiClient device;
    private long release;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        fleet = ClockedFleet.start(backend(), CLASS, APP);
        clock = fleet.clock();
        server = fleet.server();
        admin = fleet.admin();
        device = admin.as(fleet.register("tram-1", "1.0"));
        release = fleet.release(1, "1.1");
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void keepsTheSafetyConditionsInCanonicalFormAndSendsThemInTheAssignment() {
        Answer created = admin.postJson("/api/v1/rollouts", """
                {"releaseId":%d,"safety":{"timeZone":"Europe/Berlin",
                  "windows":[{"days":["sat","SUNDAY"],"start":"01:00","length":"PT4H"},{"start":"23:30","length":"PT30M"}],
                  "attributes":{"in_depot":"true"}}}""".formatted(release));
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        long id = created.json().get("id").asLong();
        String canonical = """
                {"timeZone":"Europe/Berlin","windows":[
                  {"days":["SATURDAY","SUNDAY"],"start":"01:00","length":"PT4H"},
                  {"days":["MONDAY","TUESDAY","WEDNESDAY","THURSDAY","FRIDAY","SATURDAY","SUNDAY"],"start":"23:30","length":"PT30M"}],
                 "attributes":{"in_depot":"true"}}""";

        assertThat(admin.get("/api/v1/rollouts/" + id).json().get("safety")).isEqualTo(json(canonical));
        JsonNode assignment = device.get("/device/v1/checkin").json().get("assignment");
        assertThat(assignment.get("rolloutId").asLong()).isEqualTo(id);
        assertThat(assignment.get("safety")).isEqualTo(json(canonical));
    }

    @Test
    void aRolloutWithoutSafetyConditionsAssignsWithNone() {
        Answer created = admin.postJson("/api/v1/rollouts", "{\"releaseId\":%d}".formatted(release));
        long id = created.json().get("id").asLong();

        assertThat(admin.get("/api/v1/rollouts/" + id).json().get("safety").isNull()).isTrue();
        JsonNode assignment = device.get("/device/v1/checkin").json().get("assignment");
        assertThat(assignment.get("rolloutId").asLong()).isEqualTo(id);
        assertThat(assignment.get("safety").isNull()).isTrue();
    }

    @Test
    void aDeviceTheConditionsHoldBackCountsAsWaitingNotFailed() {
        long id = admin.postJson("/api/v1/rollouts", """
                {"releaseId":%d,"safety":{"attributes":{"in_depot":"true"}}}""".formatted(release)).json()
                .get("id").asLong();
        Answer waiting = device.postJson("/device/v1/reports", """
                {"rolloutId":%d,"status":"WAITING","reason":"attribute in_depot is false, needs true",
                 "inventory":{"app":"1.0"}}""".formatted(id));
        assertThat(waiting.status()).as(new String(waiting.body())).isEqualTo(204);
        server.rolloutController().pass();

        JsonNode rollout = admin.get("/api/v1/rollouts/" + id).json();
        assertThat(rollout.get("status").asText()).isEqualTo("RUNNING");
        assertThat(rollout.at("/reports/WAITING").asLong()).isEqualTo(1);
        assertThat(rollout.at("/reports/FAILURE").isMissingNode()).isTrue();
        assertThat(device.get("/device/v1/checkin").json().at("/assignment/rolloutId").asLong()).isEqualTo(id);
    }

    @Test
    void refusesBadSafetyConditionsNamingTheFieldAndStoresNothing() {
        assertRefused("{\"timeZone\":\"Mars/Olympus\",\"attributes\":{\"in_depot\":\"true\"}}", "safety.timeZone");
        assertRefused("{\"windows\":[{\"days\":[\"FUNDAY\"],\"start\":\"01:00\",\"length\":\"PT1H\"}]}",
                "safety.windows[].days");
        assertRefused("{\"windows\":[{\"days\":[],\"start\":\"01:00\",\"length\":\"PT1H\"}]}", "safety.windows[].days");
        assertRefused("{\"windows\":[{\"start\":\"25:00\",\"length\":\"PT1H\"}]}", "safety.windows[].start");
        assertRefused("{\"windows\":[{\"length\":\"PT1H\"}]}", "safety.windows[].start");
        assertRefused("{\"windows\":[{\"start\":\"01:00\",\"length\":\"P8D\"}]}", "safety.windows[].length");
        assertRefused("{\"windows\":[{\"start\":\"01:00\",\"length\":\"-PT1H\"}]}", "safety.windows[].length");
        assertRefused("{\"windows\":[{\"start\":\"01:00\",\"length\":\"soon\"}]}", "safety.windows[].length");
        assertRefused("{\"windows\":[{\"start\":\"01:00\"}]}", "safety.windows[].length");
        assertRefused("{\"attributes\":{\"group\":\"canary\"}}", "safety.attributes");
        assertRefused("{\"attributes\":{\"in depot\":\"true\"}}", "safety.attributes");
        assertRefused("{\"attributes\":{\"in_depot\":\"\"}}", "safety.attributes.in_depot");
        assertRefused("{\"attributes\":{\"in_depot\":\"" + "x".repeat(201) + "\"}}", "safety.attributes.in_depot");
        assertRefused("{}", "at least one window or attribute");

        assertThat(device.get("/device/v1/checkin").json().get("assignment").isNull()).as("no rollout stored").isTrue();
    }

    private void assertRefused(String safety, String named) {
        Answer answer = admin.postJson("/api/v1/rollouts", "{\"releaseId\":%d,\"safety\":%s}".formatted(release, safety));
        assertThat(answer.status()).as(safety + ": " + new String(answer.body())).isEqualTo(400);
        assertThat(answer.errorCode()).as(safety + ": " + new String(answer.body())).isEqualTo("rollout.invalid");
        assertThat(answer.json().get("message").asText()).as(safety).contains(named);
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
