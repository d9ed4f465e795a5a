package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.slot.SlotId;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.ReceivedReport;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.error.ErrorCode;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitErrors;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A release that fails verification is refused before a single artifact byte is requested. */
class AgentRejectionTest {
    private static final Image APP = Image.of("app", "1.1.0", 20_000);

    @RegisterExtension
    final AgentHarness device = new AgentHarness();


    @Test
    void rejectsManifestSignedByUntrustedKeyWithoutDownloadingAnything() throws Exception {
        SigningKey stranger = SigningKey.generate(SignatureAlgorithm.ED25519);
        device.server.assign(12, TestRelease.signed(stranger, 7, 3, APP));

        CycleOutcome outcome = runOnce();

        assertRejected(outcome, SuitErrors.UNKNOWN_SIGNER);
    }

    @Test
    void rejectsManifestForAnotherDeviceClass() throws Exception {
        UUID otherClass = UUID.fromString("00000000-0000-0000-0000-00000000c1a5");
        device.server.assign(12,
                TestRelease.signedFor(device.vendorKey, TestRelease.VENDOR, otherClass, 7, 3, APP));

        assertRejected(runOnce(), AgentErrors.WRONG_CLASS);
    }

    @Test
    void rejectsManifestForAnotherVendor() throws Exception {
        UUID otherVendor = UUID.fromString("00000000-0000-0000-0000-0000000000ee");
        device.server.assign(12,
                TestRelease.signedFor(device.vendorKey, otherVendor, TestRelease.CLASS, 7, 3, APP));

        assertRejected(runOnce(), AgentErrors.WRONG_VENDOR);
    }

    @Test
    void rejectsSequenceNumberNotAboveInstalled() throws Exception {
        try (Agent agent = device.agent()) {
            device.server.assign(12, device.release(7, 5, APP));
            agent.runOnce();
            int artifactRequests = device.server.requestsTo("/device/v1/artifacts/").size();
            device.server.assign(13, device.release(8, 5, Image.of("app", "0.9.0", 1_000)));

            CycleOutcome outcome = agent.runOnce();

            assertThat(outcome).isInstanceOfSatisfying(CycleOutcome.Rejected.class,
                    rejected -> assertThat(rejected.reason()).isEqualTo(AgentErrors.SEQUENCE_NOT_INCREASING));
            assertThat(device.server.requestsTo("/device/v1/artifacts/")).hasSize(artifactRequests);
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.B);
            assertThat(agent.status().installedSequence()).isEqualTo(5);
        }
        assertThat(device.server.reports().getLast().status()).isEqualTo("FAILURE");
        assertThat(device.server.reports().getLast().inventory()).containsEntry("app", "1.1.0");
    }

    @Test
    void rejectsServerArtifactListThatDoesNotMatchTheManifest() throws Exception {
        TestRelease release = device.release(7, 3, APP);
        Image substitute = Image.of("app", "1.1.0", 20_000 + 1);
        device.server.assign(12, release, List.of(substitute));

        assertRejected(runOnce(), AgentErrors.ARTIFACTS_MISMATCH);
    }

    @Test
    void rejectsServerArtifactListWithAComponentTheManifestDoesNotName() throws Exception {
        TestRelease release = device.release(7, 3, APP);
        device.server.assign(12, release, List.of(APP, Image.of("os", "9.9", 100)));

        assertRejected(runOnce(), AgentErrors.ARTIFACTS_MISMATCH);
    }

    @Test
    void doesNotFetchARejectedReleaseAgain() throws Exception {
        device.server.assign(12, TestRelease.signed(SigningKey.generate(SignatureAlgorithm.ES256), 7, 3, APP));
        try (Agent agent = device.agent()) {
            agent.runOnce();

            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
        }
        assertThat(device.server.requestsTo("/device/v1/releases/")).hasSize(1);
        assertThat(device.reportStatuses()).containsExactly("FAILURE");
    }

    private CycleOutcome runOnce() throws Exception {
        try (Agent agent = device.agent()) {
            CycleOutcome outcome = agent.runOnce();
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
            assertThat(agent.status().installedSequence()).isZero();
            return outcome;
        }
    }

    private void assertRejected(CycleOutcome outcome, ErrorCode expected) throws Exception {
        assertThat(outcome).isInstanceOfSatisfying(CycleOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(expected));
        assertThat(device.server.requestsTo("/device/v1/artifacts/")).isEmpty();
        assertThat(device.filesIn(SlotId.B)).isEmpty();
        assertThat(device.server.reports()).hasSize(1);
        ReceivedReport report = device.server.reports().getFirst();
        assertThat(report.status()).isEqualTo("FAILURE");
        assertThat(report.reason()).startsWith(expected.code() + ": ");
        assertThat(report.inventory()).isEqualTo(FACTORY_INVENTORY);
    }
}
