package io.drover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.server.store.DatabaseSettings;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code drover server} processes on one PostgreSQL schema (started together on an empty one, so they also
 * migrate it at the same moment) and one shared blob folder, both running their rollout controllers every 200 ms:
 * what is done through one node holds at once on the other, and each wave is promoted exactly once.
 */
class ServerNodesTest {
    private static final Duration PASS_INTERVAL = Duration.ofMillis(200);
    private static final String APP = "app";

    @TempDir
    static Path dir;

    private static DatabaseSettings database;
    private static final List<ServerNode> nodes = new ArrayList<>();
    private static ApiClient adminA;
    private static ApiClient adminB;

    @BeforeAll
    static void startTwoNodesOnOneEmptySchema() throws IOException {
        database = StoreBackend.POSTGRESQL.freshDatabase();
        Path sharedData = dir.resolve("shared-data");
        nodes.add(ServerNode.start("node-a", dir, database, sharedData, PASS_INTERVAL));
        nodes.add(ServerNode.start("node-b", dir, database, sharedData, PASS_INTERVAL));
        adminA = new ApiClient(nodes.get(0).awaitUrl(), TestServer.ADMIN_TOKEN);
        adminB = new ApiClient(nodes.get(1).awaitUrl(), TestServer.ADMIN_TOKEN);
    }

    @AfterAll
    static void stopNodes() {
        nodes.forEach(ServerNode::close);
        StoreBackend.POSTGRESQL.drop(database);
    }

    /** A class of {@code size} devices on app 1.0 and a release of app 1.1 for it, made through node A. */
    private record Fleet(TestVendor vendor, Map<String, String> tokens, long releaseId, byte[] image) {
        static Fleet of(String className, int size) {
            TestVendor vendor = new TestVendor(adminA, SignatureAlgorithm.ED25519);
            vendor.defineClass(className, APP);
            Map<String, String> tokens = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                String id = className + "-%02d".formatted(i);
                tokens.put(id, vendor.register(id, className, APP, "1.0"));
            }
            byte[] image = TestVendor.randomBytes(4096, className.hashCode());
            vendor.upload(image);
            return new Fleet(vendor, tokens, vendor.release(className, vendor.sign(1, APP, "1.1", image)), image);
        }

        ApiClient device(ApiClient node, String id) {
            return node.as(tokens.get(id));
        }
    }

    @Test
    void anArtifactUploadedThroughOneNodeIsServedByTheOther() {
        Fleet fleet = Fleet.of("lamp", 1);
        String device = fleet.tokens().keySet().iterator().next();
        Answer download = fleet.device(adminB, device).get("/device/v1/artifacts/" + TestVendor.sha256Hex(fleet.image()));
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(fleet.image());
    }

    @Test
    void aRolloutCreatedOnOneNodeIsAssignedByTheOtherAndAPauseOnThatOneStopsItOnTheFirstAtOnce() {
        Fleet fleet = Fleet.of("meter", 20);
        long id = create(adminA, """
                {"releaseId":%d,"waves":[{"percent":50,"soak":"P1D","successPercent":100},
                  {"percent":100,"soak":"PT0S","successPercent":100}]}""".formatted(fleet.releaseId()));

        List<String> firstWave = assignedBy(adminB, fleet, id);
        assertThat(firstWave).isNotEmpty().hasSizeLessThan(fleet.tokens().size());

        assertThat(adminB.postJson("/api/v1/rollouts/" + id + "/pause", "{\"reason\":\"checking a field report\"}")
                .status()).isEqualTo(200);
        assertThat(assignedBy(adminA, fleet, id)).isEmpty();
        JsonNode paused = adminA.get("/api/v1/rollouts/" + id).json();
        assertThat(paused.at("/status").asText()).isEqualTo("PAUSED");
        assertThat(paused.at("/statusReason").asText()).isEqualTo("checking a field report");

        assertThat(adminA.postJson("/api/v1/rollouts/" + id + "/resume", "").status()).isEqualTo(200);
        assertThat(assignedBy(adminB, fleet, id)).isEqualTo(firstWave);
        assertThat(actions(adminB, id)).containsExactly("created", "paused", "resumed");
    }

    @Test
    void bothNodesJudgingEveryWaveIsPromotedOnceAndTheRolloutCompletesOnce() {
        Fleet fleet = Fleet.of("pump", 40);
        long id = create(adminB, """
                {"releaseId":%d,"waves":[{"percent":5,"soak":"PT0S","successPercent":100},
                  {"percent":20,"soak":"PT0S","successPercent":100},{"percent":40,"soak":"PT0S","successPercent":100},
                  {"percent":70,"soak":"PT0S","successPercent":100},{"percent":100,"soak":"PT0S","successPercent":100}]}"""
                .formatted(fleet.releaseId()));
        List<ApiClient> both = List.of(adminA, adminB);
        Set<String> installed = ConcurrentHashMap.newKeySet();
        int[] round = {0};
        // Each round, every device not yet updated checks in through one node and reports through the other,
        // alternating; the nodes' controllers promote as waves fill up.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            round[0]++;
            int i = 0;
            for (String device : fleet.tokens().keySet()) {
                ApiClient checkInNode = both.get((i + round[0]) % 2);
                ApiClient reportNode = both.get((i + round[0] + 1) % 2);
                i++;
                if (!installed.contains(device) && assignmentOf(fleet.device(checkInNode, device)) == id) {
                    Answer report = fleet.device(reportNode, device).postJson("/device/v1/reports", """
                            {"rolloutId":%d,"status":"SUCCESS","inventory":{"app":"1.1"}}""".formatted(id));
                    assertThat(report.status()).as(new String(report.body())).isEqualTo(204);
                    installed.add(device);
                }
            }
            return adminA.get("/api/v1/rollouts/" + id).json().at("/status").asText().equals("COMPLETED");
        });

        assertThat(installed).hasSize(fleet.tokens().size());
        JsonNode rollout = adminB.get("/api/v1/rollouts/" + id).json();
        assertThat(rollout.at("/currentWave").asInt()).isEqualTo(5);
        assertThat(rollout.at("/reports/SUCCESS").asLong()).isEqualTo(fleet.tokens().size());
        assertThat(actions(adminA, id)).containsExactly("created", "promoted", "promoted", "promoted", "promoted",
                "completed");
        List<String> promotions = new ArrayList<>();
        adminB.get("/api/v1/rollouts/" + id + "/events").json().forEach(e -> {
            if (e.get("action").asText().equals("promoted")) {
                promotions.add(e.get("detail").asText());
            }
        });
        assertThat(promotions).containsExactly("wave 1 met its thresholds; wave 2 starts",
                "wave 2 met its thresholds; wave 3 starts", "wave 3 met its thresholds; wave 4 starts",
                "wave 4 met its thresholds; wave 5 starts");
    }

    private static long create(ApiClient node, String json) {
        Answer created = node.postJson("/api/v1/rollouts", json);
        assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private static List<String> assignedBy(ApiClient node, Fleet fleet, long rolloutId) {
        return fleet.tokens().keySet().stream().filter(d -> assignmentOf(fleet.device(node, d)) == rolloutId).toList();
    }

    /** The rollout a device's check-in assigns, or -1 for none. */
    private static long assignmentOf(ApiClient device) {
        Answer checkIn = device.get("/device/v1/checkin");
        assertThat(checkIn.status()).as(new String(checkIn.body())).isEqualTo(200);
        JsonNode assignment = checkIn.json().get("assignment");
        return assignment == null || assignment.isNull() ? -1 : assignment.get("rolloutId").asLong();
    }

    private static List<String> actions(ApiClient node, long rolloutId) {
        List<String> actions = new ArrayList<>();
        node.get("/api/v1/rollouts/" + rolloutId + "/events").json().forEach(e -> actions.add(e.get("action").asText()));
        return actions;
    }
}
