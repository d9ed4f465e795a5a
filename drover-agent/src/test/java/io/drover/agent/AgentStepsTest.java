package io.drover.agent;

import static io.drover.agent.UpdateStep.COMMITTED;
import static io.drover.agent.UpdateStep.DECRYPTING;
import static io.drover.agent.UpdateStep.DOWNLOADING;
import static io.drover.agent.UpdateStep.HEALTH_CHECKING;
import static io.drover.agent.UpdateStep.REPORTED;
import static io.drover.agent.UpdateStep.ROLLED_BACK;
import static io.drover.agent.UpdateStep.SLOT_COMPLETE;
import static io.drover.agent.UpdateStep.SWAPPED;
import static io.drover.agent.UpdateStep.VERIFIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.health.HealthResult;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.Recipient;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The steps an update announces, and what an agent stopped at each of them leaves for the next one. */
class AgentStepsTest {
    private static final Image APP = Image.of("app", "1.1.0", 200_000);
    private static final Map<String, String> UPDATED = Map.of("app", "1.1.0", "os", "4.0");

    private final GroupKey fleetKey = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
    private final List<UpdateStep> steps = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final AgentHarness device = new AgentHarness();

    @Test
    void announcesEachStepOfAnInstallInOrder() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).stepListener(steps::add).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, UPDATED));
        }
        assertThat(steps).containsExactly(VERIFIED, DOWNLOADING, SLOT_COMPLETE, SWAPPED, HEALTH_CHECKING, COMMITTED,
                REPORTED);
    }

    @Test
    void announcesTheDecryptionOfAnEncryptedImage() throws Exception {
        device.server.assign(12, TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(fleetKey)));

        try (Agent agent = encryptedDevice().stepListener(steps::add).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, UPDATED));
        }
        assertThat(steps).containsExactly(VERIFIED, DOWNLOADING, DECRYPTING, SLOT_COMPLETE, SWAPPED, HEALTH_CHECKING,
                COMMITTED, REPORTED);
    }

    @Test
    void announcesTheRollBack() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));

        try (Agent agent = device.builder(trial -> new HealthResult.Unhealthy("app does not start"))
                .stepListener(steps::add).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.RolledBack.class);
        }
        assertThat(steps).endsWith(SWAPPED, HEALTH_CHECKING, ROLLED_BACK, REPORTED);
    }

    @Test
    void aDownloadFailureThatMayPassReachesNoFurtherStepAndTheNextCycleStartsAgainAtVerified() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));
        device.server.replaceArtifact(APP.sha256Hex(), corrupted(APP));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).stepListener(steps::add).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.DownloadFailed.class);
            assertThat(steps).as("a RETRYING report is no final report").containsExactly(VERIFIED, DOWNLOADING);
            steps.clear();
            device.server.replaceArtifact(APP.sha256Hex(), APP.content());

            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, UPDATED));
        }
        assertThat(steps).containsExactly(VERIFIED, DOWNLOADING, SLOT_COMPLETE, SWAPPED, HEALTH_CHECKING, COMMITTED,
                REPORTED);
    }

    @Test
    void aDownloadThatFailsForGoodGoesStraightToReported() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));
        device.server.replaceArtifact(APP.sha256Hex(), corrupted(APP));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).stepListener(steps::add).build()) {
            for (int attempt = 1; attempt < UpdateCycle.MAX_DIGEST_MISMATCHES; attempt++) {
                assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.DownloadFailed.class);
            }
            steps.clear();

            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Rejected.class);
        }
        assertThat(steps).containsExactly(VERIFIED, DOWNLOADING, REPORTED);
        assertThat(device.reportStatuses()).endsWith("RETRYING", "DOWNLOADING", "FAILURE");
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheUpdate() throws Exception {
        device.server.assign(12, device.release(7, 3, APP));

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).stepListener(step -> {
            throw new IllegalStateException("display unplugged");
        }).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, UPDATED));
        }
    }

    /**
     * A listener interrupted at a step stops the agent there, as a power cut would; a new agent finishes. PATCHING,
     * which only an update made from a delta passes, is cut in DeltaUpdateEndToEndTest (drover-sim).
     */
    @ParameterizedTest
    @EnumSource(value = UpdateStep.class, names = {"ROLLED_BACK", "PATCHING"}, mode = EnumSource.Mode.EXCLUDE)
    void anAgentStoppedAtAnyStepIsFinishedByTheNextOne(UpdateStep stopAt) throws Exception {
        device.server.assign(12, TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(fleetKey)));

        try (Agent first = encryptedDevice().stepListener(step -> {
            if (step == stopAt) {
                throw new InterruptedException("power lost at " + step);
            }
        }).build()) {
            assertThatThrownBy(first::runOnce).isInstanceOf(InterruptedException.class);
        }
        try (Agent next = encryptedDevice().build()) {
            // Stopped once committed, the next agent has nothing left to do but deliver the report it kept.
            assertThat(next.runOnce()).isEqualTo(stopAt == COMMITTED || stopAt == REPORTED
                    ? new CycleOutcome.NothingToDo()
                    : new CycleOutcome.Installed(3, UPDATED));
            assertThat(next.status().activeSlot()).isEqualTo(SlotId.B);
        }
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(APP.content());
        assertThat(device.reportStatuses()).endsWith("SUCCESS");
        assertThat(device.reportStatuses()).doesNotContain("FAILURE");
    }

    private static byte[] corrupted(Image image) {
        byte[] corrupt = image.content().clone();
        corrupt[123_456] ^= 0x01;
        return corrupt;
    }

    private Agent.Builder encryptedDevice() {
        return device.builder(new ImageDigestHealthCheck()).decryptionKey(fleetKey);
    }
}
