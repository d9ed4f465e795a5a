package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.safety.AttributeSource;
import io.drover.agent.safety.MaintenanceWindow;
import io.drover.agent.safety.SafetyPolicy;
import io.drover.agent.safety.Verdict;
import io.drover.agent.safety.Window;
import io.drover.agent.slot.SlotId;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.ReceivedReport;
import io.drover.agent.testing.SettableClock;
import io.drover.agent.testing.TestRelease.Image;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentSafetyTest {
    @RegisterExtension
    final AgentHarness device = new AgentHarness();


    @Test
    void waitsOnTheOldSlotWithoutDownloadingUntilTheWindowOpensThenInstalls() throws Exception {
        SettableClock windowClock = new SettableClock(Instant.parse("2026-11-28T12:00:00Z"));
        SafetyPolicy nightly = SafetyPolicy.allOf(new MaintenanceWindow(
                List.of(Window.daily(LocalTime.of(2, 0), Duration.ofHours(2))), ZoneId.of("Europe/Berlin"),
                windowClock));
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)));

        List<AgentStatus> told = new CopyOnWriteArrayList<>();
        try (Agent agent = device.builder(new ImageDigestHealthCheck()).safetyPolicy(nightly)
                .statusListener(told::add).build()) {
            CycleOutcome.Waiting waiting = new CycleOutcome.Waiting("maintenance window opens 2026-11-29T02:00+01:00");
            assertThat(agent.runOnce()).isEqualTo(waiting);
            assertThat(agent.runOnce()).isEqualTo(waiting);
            assertThat(agent.status())
                    .isEqualTo(new AgentStatus(SlotId.A, 0, FACTORY_INVENTORY, Optional.of(waiting), Optional.empty()));
            assertThat(device.server.requestsTo("/device/v1/artifacts/")).isEmpty();
            assertThat(device.server.reports()).as("told once, not at every poll").containsExactly(
                    new ReceivedReport(12, "WAITING", waiting.reason(), FACTORY_INVENTORY));

            windowClock.set(Instant.parse("2026-11-29T01:15:00Z"));

            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, Map.of("app", "1.1.0", "os", "4.0")));
            assertThat(told).hasSize(3).last().isEqualTo(agent.status());
        }
        // Every waiting cycle asked again in full: an ETag saved while waiting would hide the assignment.
        assertThat(device.server.requestsTo("/device/v1/checkin")).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(device.server.requestsTo("/device/v1/releases/")).as("verified once, kept while waiting").hasSize(1);
        assertThat(device.reportStatuses()).containsExactly("WAITING", "DOWNLOADING", "INSTALLING", "SUCCESS");
    }

    @Test
    void waitsOutsideTheRolloutsWindowAndInstallsOnceTheAgentsClockEntersIt() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-28T12:00:00Z")); // a Saturday
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)), Map.of(
                "timeZone", "Europe/Berlin",
                "windows", List.of(Map.of("days", List.of("SUN"), "start", "01:00", "length", "PT4H"))));

        try (Agent agent = device.builder(new ImageDigestHealthCheck(), clock).build()) {
            CycleOutcome.Waiting waiting = new CycleOutcome.Waiting("maintenance window opens 2026-11-29T01:00+01:00");
            assertThat(agent.runOnce()).isEqualTo(waiting);
            assertThat(agent.runOnce()).isEqualTo(waiting);
            assertThat(device.server.requestsTo("/device/v1/artifacts/")).isEmpty();

            clock.set(Instant.parse("2026-11-29T00:30:00Z"));
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, Map.of("app", "1.1.0", "os", "4.0")));
        }
        assertThat(device.server.reports()).first().isEqualTo(
                new ReceivedReport(12, "WAITING", "maintenance window opens 2026-11-29T01:00+01:00", FACTORY_INVENTORY));
        assertThat(device.reportStatuses()).containsExactly("WAITING", "DOWNLOADING", "INSTALLING", "SUCCESS");
    }

    @Test
    void aRolloutsAttributeConditionHoldsTheDeviceBackUntilItsAttributeChanges() throws Exception {
        AtomicReference<String> inDepot = new AtomicReference<>("false");
        AttributeSource attributes = name -> Optional.ofNullable(name.equals("in_depot") ? inDepot.get() : null);
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)),
                Map.of("attributes", Map.of("in_depot", "true")));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).attributeSource(attributes).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Waiting("attribute in_depot is false, needs true"));
            inDepot.set("true");
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }
        assertThat(device.server.reports()).first().isEqualTo(
                new ReceivedReport(12, "WAITING", "attribute in_depot is false, needs true", FACTORY_INVENTORY));
    }

    @Test
    void aRolloutsConditionsHoldEvenWhenTheDevicesOwnPolicyIsForced() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)),
                Map.of("attributes", Map.of("in_depot", "true")));

        try (Agent agent = device.builder(new ImageDigestHealthCheck())
                .safetyPolicy(SafetyPolicy.allOf(() -> new Verdict.Waiting("battery low")).forced()).build()) {
            assertThat(agent.runOnce()).as("no attribute source: the attribute is not reported")
                    .isEqualTo(new CycleOutcome.Waiting("attribute in_depot is not reported, needs true"));
        }
    }

    @Test
    void theDevicesOwnConditionsAreAskedOnceTheRolloutsHold() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)),
                Map.of("attributes", Map.of("in_depot", "true")));

        try (Agent agent = device.builder(new ImageDigestHealthCheck())
                .attributeSource(AttributeSource.of(Map.of("in_depot", "true")))
                .safetyPolicy(SafetyPolicy.allOf(() -> new Verdict.Waiting("battery low"))).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Waiting("battery low"));
        }
    }

    @Test
    void tellsTheServerEachNewWaitingReasonOnceAndRetellsOneItMissed() throws Exception {
        AtomicReference<String> battery = new AtomicReference<>("battery at 10 %, needs 50 %");
        SafetyPolicy charged = SafetyPolicy.allOf(() -> new Verdict.Waiting(battery.get()));
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).safetyPolicy(charged).build()) {
            agent.runOnce();
            agent.runOnce();
            battery.set("battery at 20 %, needs 50 %");
            device.server.failReports(1);
            agent.runOnce();
            agent.runOnce();
            agent.runOnce();
        }
        assertThat(device.server.reports()).extracting(ReceivedReport::status, ReceivedReport::reason).containsExactly(
                tuple("WAITING", "battery at 10 %, needs 50 %"),
                tuple("WAITING", "battery at 20 %, needs 50 %"));
        assertThat(device.server.requestsTo("/device/v1/artifacts/")).isEmpty();
    }

    @Test
    void forcedUpdateInstallsDespiteAWaitingConditionAndSaysSoInItsReport() throws Exception {
        SafetyPolicy forced = SafetyPolicy.allOf(() -> new Verdict.Waiting("battery at 10 %, needs 50 %")).forced();
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).safetyPolicy(forced).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }
        assertThat(device.server.reports().getFirst().status()).isEqualTo("DOWNLOADING");
        assertThat(device.server.reports().getFirst().reason()).isEqualTo(SafetyPolicy.FORCED_REASON);
    }

    @Test
    void statusListenerThatThrowsDoesNotStopTheUpdate() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 5_000)));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).statusListener(status -> {
            throw new IllegalStateException("status display unplugged");
        }).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }
    }

    @Test
    void rejectsABadReleaseBeforeAskingTheConditions() throws Exception {
        SafetyPolicy never = SafetyPolicy.allOf(() -> new Verdict.Waiting("never"));
        device.server.assign(12, device.release(7, 0, Image.of("app", "1.1.0", 1_000)));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).safetyPolicy(never).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Rejected.class);
        }
        assertThat(device.reportStatuses()).containsExactly("FAILURE");
    }
}
