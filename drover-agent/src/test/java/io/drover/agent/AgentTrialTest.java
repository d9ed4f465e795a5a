package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.health.HealthCheck;
import io.drover.agent.health.HealthResult;
import io.drover.agent.health.ReportedHealthCheck;
import io.drover.agent.health.TrialSlot;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.StateStore;
import io.drover.agent.state.Trial;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.ReceivedReport;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The new slot is only committed once it passes its health check, even across restarts. */
class AgentTrialTest {
    private static final Image APP = Image.of("app", "1.1.0", 30_000);
    private static final Map<String, String> NEW_INVENTORY = Map.of("app", "1.1.0", "os", "4.0");

    @RegisterExtension
    final AgentHarness device = new AgentHarness();
    private TestRelease release;

    @BeforeEach
    void setUp() throws Exception {
        release = device.release(7, 3, APP);
        device.server.assign(12, release);
    }

    @Test
    void rollsBackWhenHealthCheckFails() throws Exception {
        try (Agent agent = device.agent(trial -> new HealthResult.Unhealthy("app does not start"))) {
            CycleOutcome outcome = agent.runOnce();

            assertThat(outcome).isEqualTo(
                    new CycleOutcome.RolledBack(AgentErrors.HEALTH_CHECK_FAILED, "app does not start"));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
            assertThat(agent.status().installedSequence()).isZero();
            assertThat(agent.status().inventory()).isEqualTo(FACTORY_INVENTORY);
        }
        assertThat(device.reportStatuses()).containsExactly("DOWNLOADING", "INSTALLING", "FAILURE");
        assertThat(device.server.reports().getLast()).isEqualTo(new ReceivedReport(12, "FAILURE",
                "agent.health-check-failed: app does not start", FACTORY_INVENTORY));
    }

    @Test
    void rollsBackAtOnceWithTheReasonTheApplicationReports() throws Exception {
        Path report = device.dataDir.resolve("app-health");
        Files.writeString(report, "3 unhealthy: cannot reach the train bus\n");
        // Far beyond the harness's 5 s deadline: only the application's report can end this check in time.
        HealthCheck reported = new ReportedHealthCheck(report, Duration.ofMinutes(10));

        try (Agent agent = device.agent(reported)) {
            assertThat(agent.runOnce()).isEqualTo(
                    new CycleOutcome.RolledBack(AgentErrors.HEALTH_CHECK_FAILED, "cannot reach the train bus"));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
        }
        assertThat(device.server.reports().getLast().reason())
                .isEqualTo("agent.health-check-failed: cannot reach the train bus");
    }

    @Test
    void doesNotInstallARolledBackReleaseAgain() throws Exception {
        try (Agent agent = device.agent(trial -> new HealthResult.Unhealthy("app does not start"))) {
            agent.runOnce();

            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
        }
        assertThat(device.server.requestsTo("/device/v1/artifacts/")).hasSize(1);
    }

    @Test
    void rollsBackWhenHealthCheckTimesOut() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        HealthCheck hanging = trial -> {
            never.await();
            return new HealthResult.Healthy();
        };
        try (Agent agent = device.builder(hanging).healthCheckTimeout(Duration.ofMillis(200)).build()) {
            assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.RolledBack.class,
                    rolledBack -> assertThat(rolledBack.reason()).isEqualTo(AgentErrors.HEALTH_CHECK_TIMEOUT));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
        }
        assertThat(device.reportStatuses()).endsWith("FAILURE");
    }

    @Test
    void rollsBackWhenHealthCheckThrows() throws Exception {
        HealthCheck broken = trial -> {
            throw new IllegalStateException("watchdog unreachable");
        };
        try (Agent agent = device.agent(broken)) {
            assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.RolledBack.class, rolledBack -> {
                assertThat(rolledBack.reason()).isEqualTo(AgentErrors.HEALTH_CHECK_FAILED);
                assertThat(rolledBack.message()).contains("watchdog unreachable");
            });
        }
    }

    @Test
    void healthCheckSeesTheTrialSlotAndTheDigestOfEveryImage() throws Exception {
        List<TrialSlot> seen = new CopyOnWriteArrayList<>();
        try (Agent agent = device.agent(trial -> {
            seen.add(trial);
            return new HealthResult.Healthy();
        })) {
            agent.runOnce();
        }
        assertThat(seen).as("the trial's check, then the soak's first, on the same slot").hasSize(2).allSatisfy(trial -> {
            assertThat(trial.slot().id()).isEqualTo(SlotId.B);
            assertThat(trial.sequenceNumber()).isEqualTo(3);
            assertThat(trial.slot().components()).containsExactlyInAnyOrder("app", "os");
            assertThat(trial.expectedImages()).isEqualTo(Map.of(
                    "app", ImageDigest.of(APP.sha256(), APP.content().length),
                    "os", ImageDigest.of(AgentHarness.FACTORY_OS.sha256(), AgentHarness.FACTORY_OS.content().length)));
        });
    }

    @Test
    void finishesATrialInterruptedByARestartByCheckingAndCommitting() throws Exception {
        saveStateInTheMiddleOfATrial(1);
        device.writeImage(SlotId.B, APP);
        device.writeImage(SlotId.B, AgentHarness.FACTORY_OS);

        try (Agent restarted = device.agent()) {
            assertThat(restarted.status().activeSlot()).isEqualTo(SlotId.A);

            assertThat(restarted.runOnce()).isEqualTo(new CycleOutcome.Installed(3, NEW_INVENTORY));
            assertThat(restarted.status().activeSlot()).isEqualTo(SlotId.B);
        }
        assertThat(device.server.requestsTo("/device/v1/checkin")).isEmpty();
        assertThat(device.server.reports()).containsExactly(new ReceivedReport(12, "SUCCESS", null, NEW_INVENTORY));
        assertThat(new StateStore(device.dataDir).load()).hasValueSatisfying(state -> {
            assertThat(state.trial()).isNull();
            assertThat(state.installedSequence()).isEqualTo(3);
        });
    }

    @Test
    void rollsBackATrialInterruptedByARestartWhenItsSlotIsCorrupt() throws Exception {
        saveStateInTheMiddleOfATrial(1);
        byte[] damaged = APP.content().clone();
        damaged[10] ^= 0x40;
        device.writeImage(SlotId.B, new Image("app", "1.1.0", damaged));
        device.writeImage(SlotId.B, AgentHarness.FACTORY_OS);

        try (Agent restarted = device.agent()) {
            assertThat(restarted.runOnce()).isInstanceOfSatisfying(CycleOutcome.RolledBack.class,
                    rolledBack -> assertThat(rolledBack.reason()).isEqualTo(AgentErrors.HEALTH_CHECK_FAILED));
            assertThat(restarted.status().activeSlot()).isEqualTo(SlotId.A);
        }
        assertThat(device.reportStatuses()).containsExactly("FAILURE");
    }

    @Test
    void rollsBackATrialWhoseHealthChecksKeptBeingCutShortWithoutCheckingAgain() throws Exception {
        saveStateInTheMiddleOfATrial(3);
        AtomicInteger checks = new AtomicInteger();

        try (Agent restarted = device.agent(trial -> {
            checks.incrementAndGet();
            return new HealthResult.Healthy();
        })) {
            assertThat(restarted.runOnce()).isInstanceOfSatisfying(CycleOutcome.RolledBack.class,
                    rolledBack -> assertThat(rolledBack.reason()).isEqualTo(AgentErrors.HEALTH_CHECK_TIMEOUT));
        }
        assertThat(checks).hasValue(0);
    }

    @Test
    void rollsBackATrialAfterTooManyStartsWithoutAVerdict() throws Exception {
        saveStateInTheMiddleOfATrial(0);
        AtomicInteger checks = new AtomicInteger();
        // The device goes down three times before its agent gets to a health check.
        for (int boot = 1; boot <= 3; boot++) {
            device.agent().close();
        }
        assertThat(new StateStore(device.dataDir).load()).hasValueSatisfying(state -> assertThat(state.trial().boots())
                .isEqualTo(3));

        try (Agent fourthStart = device.agent(trial -> {
            checks.incrementAndGet();
            return new HealthResult.Healthy();
        })) {
            assertThat(fourthStart.runOnce()).isInstanceOfSatisfying(CycleOutcome.RolledBack.class,
                    rolledBack -> assertThat(rolledBack.reason()).isEqualTo(AgentErrors.TOO_MANY_BOOTS));
            assertThat(fourthStart.status().activeSlot()).isEqualTo(SlotId.A);
        }
        assertThat(checks).hasValue(0);
        assertThat(device.server.reports()).singleElement().satisfies(report -> {
            assertThat(report.status()).isEqualTo("FAILURE");
            assertThat(report.reason()).startsWith("agent.too-many-boots: the agent started 4 times");
            assertThat(report.inventory()).isEqualTo(FACTORY_INVENTORY);
        });
    }

    @Test
    void commitsATrialThatReachesAHealthyVerdictWithinItsBoots() throws Exception {
        saveStateInTheMiddleOfATrial(0);
        device.writeImage(SlotId.B, APP);
        device.writeImage(SlotId.B, AgentHarness.FACTORY_OS);
        device.agent().close();
        device.agent().close();

        try (Agent thirdStart = device.agent()) {
            assertThat(thirdStart.runOnce()).isEqualTo(new CycleOutcome.Installed(3, NEW_INVENTORY));
        }
    }

    private void saveStateInTheMiddleOfATrial(int healthChecksStarted) throws Exception {
        Trial trial = new Trial(SlotId.B, 12, 7, 3, device.release(7, 3, APP).manifest(), NEW_INVENTORY,
                Map.of("app", ImageDigest.of(APP.sha256(), APP.content().length),
                        "os", ImageDigest.of(AgentHarness.FACTORY_OS.sha256(),
                                AgentHarness.FACTORY_OS.content().length)),
                AgentHarness.NOW, healthChecksStarted);
        new StateStore(device.dataDir).save(AgentState.factory(FACTORY_INVENTORY).withTrial(trial));
    }
}
