package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.agent.Agent;
import io.drover.agent.AgentErrors;
import io.drover.agent.CycleOutcome;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.ApiClient.Answer;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real agents against a real server: a release that installs cleanly but leaves its devices unwell halts its rollout
 * by the health gate, and with {@code rollbackOnHalt} every updated device returns to the release it ran before, with
 * a ROLLED_BACK report the server counts.
 */
class RollbackOnHaltEndToEndTest {
    private static final String CLASS = "kiosk";
    private static final String APP = "app";

    @TempDir
    Path devicesDir;

    @Test
    void updatedDevicesReturnToTheirPreviousReleaseWhenTheHealthGateHalts() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T08:00:00Z"));
        try (TestServer server = TestServer.withClock(StoreBackend.H2, clock)) {
            ApiClient admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
            vendor.defineClass(CLASS, APP);
            Map<String, String> tokens = new LinkedHashMap<>();
            for (String id : List.of("kiosk-1", "kiosk-2", "kiosk-3")) {
                tokens.put(id, vendor.register(id, CLASS, APP, "1.0.0"));
            }
            long good = release(vendor, 1, "1.1.0");
            long unwell = release(vendor, 2, "1.2.0");
            List<Agent> agents = new ArrayList<>();
            try {
                for (var device : tokens.entrySet()) {
                    agents.add(Agent.builder(VendorAgents.config(vendor, server.baseUrl(), device.getValue(),
                            devicesDir.resolve(device.getKey()), Map.of(APP, "1.0.0")),
                            new ImageDigestHealthCheck(), clock).build());
                }
                vendor.startRollout(good);
                for (Agent agent : agents) {
                    assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
                }
                Answer created = admin.postJson("/api/v1/rollouts", """
                        {"releaseId":%d,"waves":[{"percent":100,"soak":"PT1H","successPercent":100}],
                         "healthGate":{"marginPercent":10,"minDevices":2,"rollbackOnHalt":true}}""".formatted(unwell));
                assertThat(created.status()).as(new String(created.body())).isEqualTo(201);
                long rollout = created.json().get("id").asLong();
                server.rolloutController().pass();
                for (Agent agent : agents) {
                    assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
                    assertThat(agent.status().installedSequence()).isEqualTo(2);
                }
                // Installed and committed everywhere, yet every updated device now reports trouble.
                tokens.values().forEach(token -> assertThat(admin.as(token).postJson("/device/v1/health",
                        "{\"healthy\":false,\"trouble\":\"watchdog resets\"}").status()).isEqualTo(204));
                server.rolloutController().pass();
                assertThat(admin.get("/api/v1/rollouts/" + rollout).json().get("status").asText()).isEqualTo("HALTED");

                for (Agent agent : agents) {
                    assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.RolledBack.class,
                            rolledBack -> assertThat(rolledBack.reason()).isEqualTo(AgentErrors.HALTED_ROLLBACK));
                    assertThat(agent.status().installedSequence()).isEqualTo(1);
                    assertThat(agent.status().inventory()).isEqualTo(Map.of(APP, "1.1.0"));
                    assertThat(agent.status().activeSlot()).isEqualTo(SlotId.B);
                    assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
                }
                JsonNode status = admin.get("/api/v1/rollouts/" + rollout).json();
                assertThat(status.at("/reports/ROLLED_BACK").asLong()).isEqualTo(3);
                assertThat(status.at("/reports/SUCCESS").isMissingNode()).isTrue();
                for (String id : tokens.keySet()) {
                    JsonNode device = admin.get("/api/v1/devices/" + id).json();
                    assertThat(device.get("installedSequence").asLong()).isEqualTo(1);
                    assertThat(device.at("/inventory/app").asText()).isEqualTo("1.1.0");
                    JsonNode history = admin.get("/api/v1/devices/" + id + "/history").json();
                    assertThat(history.at("/0/status").asText()).isEqualTo("ROLLED_BACK");
                    assertThat(history.at("/0/reason").asText()).startsWith("rollout.halted-rollback: returned from "
                            + "release " + unwell + " (sequence 2) to release " + good + " (sequence 1)");
                    assertThat(history.at("/1/status").asText()).isEqualTo("SUCCESS");
                    assertThat(history.at("/1/verified").asBoolean()).isTrue();
                }
            } finally {
                for (Agent agent : agents) {
                    agent.close();
                }
            }
        }
    }

    private static long release(TestVendor vendor, long sequence, String version) {
        byte[] image = TestVendor.randomBytes(20_000, sequence);
        vendor.upload(image);
        return vendor.release(CLASS, vendor.sign(sequence, APP, version, image));
    }
}
