package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.slot.SlotId;
import io.drover.agent.state.StateStore;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.ReceivedReport;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rollback the server orders after a health halt: the device returns to the slot it committed before, only when
 * the order names exactly what it runs and what it can return to, with that slot's images intact, and never more
 * than one release back.
 */
class AgentRollbackOrderTest {
    private static final Image APP_11 = Image.of("app", "1.1.0", 30_000);
    private static final Image APP_12 = Image.of("app", "1.2.0", 30_000);
    private static final Map<String, String> INVENTORY_11 = Map.of("app", "1.1.0", "os", "4.0");

    @RegisterExtension
    final AgentHarness device = new AgentHarness();
    private TestRelease release7;

    @BeforeEach
    void installRelease7() throws Exception {
        release7 = device.release(7, 3, APP_11);
        device.server.assign(12, release7);
        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, INVENTORY_11));
        }
    }

    @Test
    void returnsToTheSlotItCommittedBeforeAndReportsRolledBack() throws Exception {
        device.server.orderRollback(12, 7, 3, null, 0);

        try (Agent agent = device.agent()) {
            String message = "returned from release 7 (sequence 3) to the factory image (sequence 0) in slot A";
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.RolledBack(AgentErrors.HALTED_ROLLBACK, message));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
            assertThat(agent.status().installedSequence()).isZero();
            assertThat(agent.status().inventory()).isEqualTo(FACTORY_INVENTORY);
            assertThat(device.server.reports().getLast()).isEqualTo(new ReceivedReport(12, "ROLLED_BACK",
                    "rollout.halted-rollback: " + message, FACTORY_INVENTORY));
            assertThat(device.server.reportBodies().getLast().digests()).isEqualTo(Map.of(
                    "app", AgentHarness.FACTORY_APP.sha256Hex(), "os", AgentHarness.FACTORY_OS.sha256Hex()));
            assertThat(device.server.reportBodies().getLast().signedReport()).isNull();

            // Done once: the same answer asks nothing more.
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
        }
        assertThat(new StateStore(device.dataDir).load()).hasValueSatisfying(state -> {
            assertThat(state.fallback()).isNull();
            assertThat(state.pendingReport()).isNull();
            assertThat(state.refusedReleaseId()).isNull();
        });

        // The release left is not refused: should its rollout run again, it is installed anew.
        device.server.assign(12, release7);
        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, INVENTORY_11));
        }
    }

    @Test
    void goesBackOneReleaseAtMost() throws Exception {
        device.server.assign(13, device.release(8, 5, APP_12));
        try (Agent agent = device.agent()) {
            agent.runOnce();
            device.server.orderRollback(13, 8, 5, 7L, 3);
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.RolledBack.class);
            assertThat(agent.status().installedSequence()).isEqualTo(3);
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.B);

            // Release 7 is what the device committed before release 8; nothing before it is kept to return to.
            device.server.orderRollback(12, 7, 3, null, 0);
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            assertThat(agent.status().installedSequence()).isEqualTo(3);
        }
        assertThat(device.reportStatuses()).endsWith("SUCCESS", "ROLLED_BACK");
    }

    @Test
    void ignoresAnOrderForAnotherReleaseOrAnotherTarget() throws Exception {
        try (Agent agent = device.agent()) {
            device.server.orderRollback(12, 8, 5, 7L, 3);
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            device.server.orderRollback(12, 7, 3, 6L, 2);
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            assertThat(agent.status().installedSequence()).isEqualTo(3);
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.B);
        }
        assertThat(device.reportStatuses()).doesNotContain("ROLLED_BACK");
    }

    @Test
    void staysWhenTheSlotToReturnToNoLongerHoldsThatRelease() throws Exception {
        byte[] changed = AgentHarness.FACTORY_APP.content().clone();
        changed[100] ^= 1;
        device.writeImage(SlotId.A, new Image("app", "1.0.0", changed));
        device.server.orderRollback(12, 7, 3, null, 0);

        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.B);
            assertThat(agent.status().installedSequence()).isEqualTo(3);
        }
        assertThat(device.reportStatuses()).doesNotContain("ROLLED_BACK");
    }
}
