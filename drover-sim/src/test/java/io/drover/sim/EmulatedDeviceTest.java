package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drover.agent.Agent;
import io.drover.agent.AgentStatus;
import io.drover.agent.UpdateStep;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import io.drover.sim.impair.Impairment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Emulated devices with one fault each, updating from a real server over loopback. */
class EmulatedDeviceTest {
    static final String CLASS = "meter";
    static final String APP = "app";

    @TempDir
    Path devicesDir;

    @Test
    void eachFaultyDeviceEndsWhereItsFaultPredicts() throws IOException {
        try (TestServer server = TestServer.start(StoreBackend.H2); HttpClient http = HttpClient.newHttpClient()) {
            ApiClient admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
            vendor.defineClass(CLASS, APP);
            Map<String, DeviceFaults> scenario = Map.of(
                    "dev-poor-link", new DeviceFaults(FaultPlan.POOR_LINK, false, Optional.empty(), Duration.ofHours(1),
                            Duration.ZERO),
                    "dev-crash", crashingAt(UpdateStep.HEALTH_CHECKING),
                    "dev-crash-mid-download", crashingAt(UpdateStep.DOWNLOADING),
                    "dev-crash-reporting", crashingAt(UpdateStep.REPORTED),
                    "dev-unhealthy", new DeviceFaults(Impairment.NONE, true, Optional.empty(), Duration.ZERO,
                            Duration.ZERO),
                    "dev-late", new DeviceFaults(Impairment.NONE, false, Optional.empty(), Duration.ofMinutes(-30),
                            Duration.ofMillis(800)));
            Map<String, String> tokens = new HashMap<>();
            scenario.keySet().forEach(id -> tokens.put(id, vendor.register(id, CLASS, APP, "1.0.0")));
            byte[] image = TestVendor.randomBytes(200_000, 5);
            vendor.upload(image);
            long rolloutId = vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));

            List<EmulatedDevice> devices = new ArrayList<>();
            try {
                for (var entry : scenario.entrySet()) {
                    String id = entry.getKey();
                    EmulatedDevice.AgentFactory factory = (link, check, clock) -> Agent.builder(
                            VendorAgents.config(vendor, link.to(server.baseUrl()), tokens.get(id),
                                    devicesDir.resolve(id), Map.of(APP, "1.0.0")), check, clock)
                            .httpClient(entry.getValue().impairedNetwork() ? HttpClient.newHttpClient() : http);
                    devices.add(EmulatedDevice.start(id, entry.getValue(), new ImageDigestHealthCheck(), factory,
                            Clock.systemUTC(), 99, Duration.ofMillis(100)));
                }
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                    var reports = admin.get("/api/v1/rollouts/" + rolloutId).json().get("reports");
                    assertThat(reports.path("SUCCESS").asLong()).isEqualTo(5);
                    assertThat(reports.path("FAILURE").asLong()).isEqualTo(1);
                    // An agent's status changes when its cycle ends, just after the server took its report.
                    assertThat(devices).filteredOn(d -> !d.faults().unhealthy()).allSatisfy(d ->
                            assertThat(d.status().orElseThrow().installedSequence()).isEqualTo(1));
                });
                // The server records a report before its answer reaches the agent (through an impaired link, or
                // before a restart that a crash after the report brings): the agents catch up a little later.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    for (EmulatedDevice device : devices) {
                        AgentStatus status = device.status().orElseThrow();
                        String expected = device.id().equals("dev-unhealthy") ? "1.0.0" : "1.1.0";
                        assertThat(status.inventory()).as(device.id()).containsEntry(APP, expected);
                        assertThat(status.activeSlot()).as(device.id())
                                .isEqualTo(expected.equals("1.0.0") ? SlotId.A : SlotId.B);
                        assertThat(admin.get("/api/v1/devices/" + device.id()).json().at("/inventory/app").asText())
                                .as(device.id()).isEqualTo(expected);
                        assertThat(device.restarts()).as(device.id())
                                .isEqualTo(device.faults().crashAt().isPresent() ? 1 : 0);
                    }
                });
            } finally {
                devices.forEach(EmulatedDevice::close);
            }
        }
    }

    private static DeviceFaults crashingAt(UpdateStep step) {
        return new DeviceFaults(Impairment.NONE, false, Optional.of(step), Duration.ZERO, Duration.ZERO);
    }
}
