package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_APP;
import static io.drover.agent.testing.AgentHarness.FACTORY_INVENTORY;
import static io.drover.agent.testing.AgentHarness.FACTORY_OS;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.slot.SlotId;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.ReceivedReport;
import io.drover.agent.testing.FakeDeviceServer.Request;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentInstallTest {
    @RegisterExtension
    final AgentHarness device = new AgentHarness();


    @Test
    void installsReleaseIntoInactiveSlotSwapsAndReportsSuccess() throws Exception {
        Image app = Image.of("app", "1.1.0", 100_000);
        device.server.assign(12, device.release(7, 3, app));

        try (Agent agent = device.agent()) {
            CycleOutcome outcome = agent.runOnce();

            Map<String, String> inventory = Map.of("app", "1.1.0", "os", "4.0");
            assertThat(outcome).isEqualTo(new CycleOutcome.Installed(3, inventory));
            assertThat(agent.status())
                    .isEqualTo(new AgentStatus(SlotId.B, 3, inventory, Optional.of(outcome), Optional.empty()));
        }
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(app.content());
        assertThat(device.slotImage(SlotId.A, "app")).hasBinaryContent(FACTORY_APP.content());
        assertThat(device.reportStatuses()).containsExactly("DOWNLOADING", "INSTALLING", "SUCCESS");
        assertThat(device.server.reports().getLast())
                .isEqualTo(new ReceivedReport(12, "SUCCESS", null, Map.of("app", "1.1.0", "os", "4.0")));
    }

    @Test
    void copiesUnchangedComponentsSoTheNewSlotIsACompleteSet() throws Exception {
        Image app = Image.of("app", "1.1.0", 40_000);
        device.server.assign(12, device.release(7, 3, app));

        try (Agent agent = device.agent()) {
            agent.runOnce();
        }

        assertThat(device.filesIn(SlotId.B)).containsExactly("app.img", "os.img");
        assertThat(device.slotImage(SlotId.B, "os")).hasBinaryContent(FACTORY_OS.content());
    }

    @Test
    void secondReleaseGoesBackIntoTheFirstSlotAndReplacesStaleImages() throws Exception {
        Image app = Image.of("app", "1.1.0", 40_000);
        Image os = Image.of("os", "4.1", 25_000);
        try (Agent agent = device.agent()) {
            device.server.assign(12, device.release(7, 3, app));
            agent.runOnce();
            device.server.assign(13, device.release(8, 4, os));

            CycleOutcome outcome = agent.runOnce();

            assertThat(outcome).isEqualTo(new CycleOutcome.Installed(4, Map.of("app", "1.1.0", "os", "4.1")));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
        }
        assertThat(device.slotImage(SlotId.A, "app")).hasBinaryContent(app.content());
        assertThat(device.slotImage(SlotId.A, "os")).hasBinaryContent(os.content());
        assertThat(device.filesIn(SlotId.A)).containsExactly("app.img", "os.img");
    }

    @Test
    void hasNothingToDoOnceInstalledAndThenChecksInWith304() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 10_000)));
        try (Agent agent = device.agent()) {
            agent.runOnce();

            // The SUCCESS report took the assignment away, so the server's answer changed once more.
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
        }
        List<Request> checkIns = device.server.requestsTo("/device/v1/checkin");
        assertThat(checkIns).extracting(Request::status).containsExactly(200, 200, 304);
        assertThat(checkIns.get(2).ifNoneMatch()).isNotNull();
        assertThat(device.server.requestsTo("/device/v1/artifacts/")).hasSize(1);
    }

    @Test
    void checksInUnconditionallyFirstAndWithTheStoredEtagAfter() throws Exception {
        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
        }
        List<Request> checkIns = device.server.requestsTo("/device/v1/checkin");
        assertThat(checkIns.get(0).ifNoneMatch()).isNull();
        assertThat(checkIns.get(1).status()).isEqualTo(304);
        assertThat(device.server.reports()).isEmpty();
    }

    @Test
    void reportsFactoryInventoryUntilTheFirstInstall() throws Exception {
        try (Agent agent = device.agent()) {
            assertThat(agent.status())
                    .isEqualTo(new AgentStatus(SlotId.A, 0, FACTORY_INVENTORY, Optional.empty(), Optional.empty()));
        }
    }

    @Test
    void newAgentOnTheSameDataDirectoryKnowsWhatIsInstalled() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 10_000)));
        try (Agent agent = device.agent()) {
            agent.runOnce();
        }

        try (Agent restarted = device.agent()) {
            assertThat(restarted.status().activeSlot()).isEqualTo(SlotId.B);
            assertThat(restarted.status().installedSequence()).isEqualTo(3);
            assertThat(restarted.status().inventory()).containsEntry("app", "1.1.0");
            assertThat(restarted.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
        }
    }

    @Test
    void installsEveryComponentOfAMultiComponentRelease() throws Exception {
        TestRelease release = device.release(9, 5, Image.of("app", "2.0.0", 30_000),
                Image.of("os", "5.0", 60_000), Image.of("bootloader", "1.2", 5_000));
        device.server.assign(20, release);

        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(5,
                    Map.of("app", "2.0.0", "os", "5.0", "bootloader", "1.2")));
        }
        for (Image image : release.images()) {
            assertThat(device.slotImage(SlotId.B, image.component())).hasBinaryContent(image.content());
        }
    }
}
