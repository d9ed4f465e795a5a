package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.Request;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.error.ErrorCode;
import io.drover.suit.encryption.EncryptionErrors;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.Recipient;
import io.drover.suit.encryption.RecipientCurve;
import io.drover.suit.encryption.RecipientPrivateKey;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Encrypted images: the server serves ciphertext, and only plaintext that matches the manifest reaches a slot. */
class AgentEncryptionTest {
    private static final Image APP = Image.of("app", "1.1.0", 200_000);
    private static final Map<String, String> UPDATED = Map.of("app", "1.1.0", "os", "4.0");

    private final GroupKey fleetKey = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
    @RegisterExtension
    final AgentHarness device = new AgentHarness();


    @Test
    void decryptsAnImageEncryptedForItsGroupKeyIntoTheInactiveSlot() throws Exception {
        TestRelease release = TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(fleetKey));
        device.server.assign(12, release);

        try (Agent agent = builder().decryptionKey(fleetKey).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, UPDATED));
        }

        assertThat(device.server.requestsTo("/device/v1/artifacts/")).extracting(Request::path)
                .containsExactly("/device/v1/artifacts/" + release.artifact("app").sha256Hex());
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(APP.content());
        assertThat(AgentHarness.filesIn(device.stagingDirectory())).as("the ciphertext is deleted").isEmpty();
        assertThat(device.reportStatuses()).containsExactly("DOWNLOADING", "INSTALLING", "SUCCESS");
    }

    @Test
    void decryptsAnImageEncryptedForItsOwnX25519Key() throws Exception {
        RecipientPrivateKey deviceKey = RecipientPrivateKey.generate(RecipientCurve.X25519);
        device.server.assign(12,
                TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(deviceKey.publicKey())));

        try (Agent agent = builder().decryptionKey(deviceKey).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, UPDATED));
        }
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(APP.content());
    }

    @Test
    void triesItsNextKeyWhenTheFirstUnwrapsNothing() throws Exception {
        RecipientPrivateKey deviceKey = RecipientPrivateKey.generate(RecipientCurve.X25519);
        device.server.assign(12,
                TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(deviceKey.publicKey())));
        GroupKey unrelated = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());

        try (Agent agent = builder().decryptionKey(unrelated).decryptionKey(deviceKey).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, UPDATED));
        }
    }

    @Test
    void failsAndKeepsTheOldSlotWhenItsGroupKeyIsNotTheOneUsed() throws Exception {
        device.server.assign(12, TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(fleetKey)));
        GroupKey wrong = GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());

        try (Agent agent = builder().decryptionKey(wrong).build()) {
            assertRefusedAndUnchanged(agent, EncryptionErrors.WRONG_KEY);
        }
        assertThat(device.reportStatuses()).containsExactly("DOWNLOADING", "FAILURE");
    }

    @Test
    void failsWithoutDownloadingWhenItHoldsNoKey() throws Exception {
        device.server.assign(12, TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(fleetKey)));

        try (Agent agent = device.agent()) {
            assertRefusedAndUnchanged(agent, AgentErrors.NO_DECRYPTION_KEY);
        }
        assertThat(device.reportStatuses()).containsExactly("DOWNLOADING", "FAILURE");
        assertThat(device.server.requestsTo("/device/v1/artifacts/")).isEmpty();
    }

    @Test
    void refusesATamperedCiphertextBeforeDecryptingIt() throws Exception {
        TestRelease release = TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(fleetKey));
        byte[] tampered = release.artifact("app").content().clone();
        tampered[100_000] ^= 0x01;
        device.server.replaceArtifact(release.artifact("app").sha256Hex(), tampered);
        device.server.assign(12, release);

        try (Agent agent = builder().decryptionKey(fleetKey).build()) {
            // Taken for a byte corrupted on the way until it repeats: then the server's copy is wrong.
            for (int attempt = 1; attempt < UpdateCycle.MAX_DIGEST_MISMATCHES; attempt++) {
                assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.DownloadFailed.class,
                        failed -> assertThat(failed.reason()).isEqualTo(AgentErrors.IMAGE_DIGEST_MISMATCH));
            }
            assertRefusedAndUnchanged(agent, AgentErrors.IMAGE_DIGEST_MISMATCH);
        }
        assertThat(device.reportStatuses()).containsExactly(
                "DOWNLOADING", "RETRYING", "DOWNLOADING", "RETRYING", "DOWNLOADING", "FAILURE");
    }

    @Test
    void resumesTheCiphertextDownloadWithRangeAfterDroppedConnections() throws Exception {
        device.server.assign(12, TestRelease.encrypted(device.vendorKey, 7, 3, APP, Recipient.of(fleetKey)));
        device.server.beforeDrop(device::awaitStagedCiphertext);
        device.server.dropArtifactResponses(80_000, 50_000);

        try (Agent agent = builder().decryptionKey(fleetKey).build()) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, UPDATED));
        }

        assertThat(device.server.requestsTo("/device/v1/artifacts/")).extracting(Request::range)
                .containsExactly(null, "bytes=80000-", "bytes=130000-");
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(APP.content());
        assertThat(AgentHarness.filesIn(device.stagingDirectory())).isEmpty();
    }

    private Agent.Builder builder() {
        return device.builder(new ImageDigestHealthCheck());
    }

    /** The release is refused for good (FAILURE), the device unchanged, and the next cycle does not try it again. */
    private void assertRefusedAndUnchanged(Agent agent, ErrorCode reason) throws Exception {
        assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.Rejected.class,
                failed -> assertThat(failed.reason()).isEqualTo(reason));
        assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
        assertThat(agent.status().inventory()).isEqualTo(FACTORY_INVENTORY);
        assertThat(device.filesIn(SlotId.B)).as("nothing is left in the inactive slot").isEmpty();
        assertThat(AgentHarness.filesIn(device.stagingDirectory())).as("no ciphertext is left").isEmpty();
        assertThat(device.server.reports().getLast().status()).isEqualTo("FAILURE");
        assertThat(device.server.reports().getLast().reason()).startsWith(reason.code() + ":");
        int downloads = device.server.requestsTo("/device/v1/artifacts/").size();

        assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
        assertThat(device.server.requestsTo("/device/v1/artifacts/")).hasSize(downloads);
    }
}
