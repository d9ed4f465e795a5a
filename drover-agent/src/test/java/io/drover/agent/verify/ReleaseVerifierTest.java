package io.drover.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.AgentErrors;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.agent.transport.Artifact;
import io.drover.agent.transport.Assignment;
import io.drover.error.ErrorCode;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.SuitErrors;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.Recipient;
import io.drover.suit.report.ManifestReference;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReleaseVerifierTest {
    private static final Image APP = Image.of("app", "1.1.0", 1_000);
    private static final Image OS = Image.of("os", "4.1", 2_000);

    private final SigningKey vendorKey = SigningKey.generate(SignatureAlgorithm.ES256);
    private final SigningKey secondVendorKey = SigningKey.generate(SignatureAlgorithm.ED25519);
    private final ReleaseVerifier verifier = new ReleaseVerifier(
            EnvelopeVerifier.create(List.of(vendorKey.verificationKey(), secondVendorKey.verificationKey())),
            TestRelease.VENDOR, TestRelease.CLASS);

    @Test
    void acceptsAReleaseSignedByATrustedKeyForThisDevice() {
        TestRelease release = TestRelease.signed(vendorKey, 7, 3, APP, OS);

        ReleaseCheck check = verifier.check(release.envelope(), offering(APP, OS), 2);

        assertThat(check).isEqualTo(new ReleaseCheck.Accepted(new VerifiedRelease(3, List.of(
                new ReleaseImage("app", "1.1.0", digest(APP), "/device/v1/artifacts/" + APP.sha256Hex()),
                new ReleaseImage("os", "4.1", digest(OS), "/device/v1/artifacts/" + OS.sha256Hex())),
                vendorKey.verificationKey(), release.manifest())));
    }

    @Test
    void acceptsAnyOfTheTrustedKeysAndSaysWhichSigned() {
        TestRelease release = TestRelease.signed(secondVendorKey, 7, 3, APP);

        assertThat(verifier.check(release.envelope(), offering(APP), 0))
                .isInstanceOfSatisfying(ReleaseCheck.Accepted.class, accepted -> assertThat(
                        accepted.release().signer()).isEqualTo(secondVendorKey.verificationKey()));
    }

    @Test
    void refusesASignatureByAKeyItDoesNotTrust() {
        TestRelease release = TestRelease.signed(SigningKey.generate(SignatureAlgorithm.ES256), 7, 3, APP);

        assertRefused(verifier.check(release.envelope(), offering(APP), 0), SuitErrors.UNKNOWN_SIGNER);
    }

    @Test
    void refusesAnEnvelopeAlteredAfterSigning() {
        byte[] envelope = TestRelease.signed(vendorKey, 7, 3, APP).envelope();
        byte[] altered = envelope.clone();
        // The last bytes are inside the manifest (its text section), which the signed digest covers.
        altered[altered.length - 2] ^= 0x01;

        ReleaseCheck check = verifier.check(altered, offering(APP), 0);

        assertThat(check).isInstanceOfSatisfying(ReleaseCheck.Refused.class,
                refused -> assertThat(refused.reason().code()).startsWith("suit."));
    }

    @Test
    void refusesBytesThatAreNoEnvelopeNamingThemByTheirDigest() {
        byte[] junk = {1, 2, 3};

        assertThat(verifier.check(junk, offering(APP), 0)).isInstanceOfSatisfying(ReleaseCheck.Refused.class,
                refused -> {
                    assertThat(refused.reason()).isEqualTo(SuitErrors.MALFORMED);
                    assertThat(refused.manifest()).isEqualTo(ManifestReference.ofUndecodable(junk));
                });
    }

    @Test
    void aRefusalNamesTheManifestItRefused() {
        TestRelease release = TestRelease.signed(vendorKey, 7, 3, APP);

        assertThat(verifier.check(release.envelope(), offering(APP), 3)).isInstanceOfSatisfying(
                ReleaseCheck.Refused.class, refused -> assertThat(refused.manifest()).isEqualTo(release.manifest()));
    }

    @Test
    void refusesAnEnvelopeOverTheLimitUnread() {
        byte[] oversized = new byte[ReleaseVerifier.MAX_ENVELOPE_BYTES + 1];

        assertThat(verifier.check(oversized, offering(APP), 0)).isInstanceOfSatisfying(ReleaseCheck.Refused.class,
                refused -> {
                    assertThat(refused.reason()).isEqualTo(AgentErrors.ENVELOPE_TOO_LARGE);
                    assertThat(refused.manifest()).isEqualTo(ManifestReference.ofUndecodable(oversized));
                });
    }

    @Test
    void refusesAnotherVendorsRelease() {
        UUID other = UUID.randomUUID();
        TestRelease release = TestRelease.signedFor(vendorKey, other, TestRelease.CLASS, 7, 3, APP);

        assertRefused(verifier.check(release.envelope(), offering(APP), 0), AgentErrors.WRONG_VENDOR);
    }

    @Test
    void refusesAReleaseForAnotherDeviceClass() {
        TestRelease release = TestRelease.signedFor(vendorKey, TestRelease.VENDOR, UUID.randomUUID(), 7, 3, APP);

        assertRefused(verifier.check(release.envelope(), offering(APP), 0), AgentErrors.WRONG_CLASS);
    }

    @Test
    void refusesASequenceNumberEqualToTheInstalledOne() {
        TestRelease release = TestRelease.signed(vendorKey, 7, 3, APP);

        assertRefused(verifier.check(release.envelope(), offering(APP), 3), AgentErrors.SEQUENCE_NOT_INCREASING);
        assertRefused(verifier.check(release.envelope(), offering(APP), 4), AgentErrors.SEQUENCE_NOT_INCREASING);
        assertThat(verifier.check(release.envelope(), offering(APP), 2)).isInstanceOf(ReleaseCheck.Accepted.class);
    }

    @Test
    void refusesWhenTheServerOffersAnotherDigestThanTheManifest() {
        TestRelease release = TestRelease.signed(vendorKey, 7, 3, APP);
        Artifact swapped = new Artifact("app", OS.sha256Hex(), APP.content().length, "/device/v1/artifacts/x");

        assertRefused(verifier.check(release.envelope(), new Assignment(12, 7, 3, "/e", List.of(swapped)), 0),
                AgentErrors.ARTIFACTS_MISMATCH);
    }

    @Test
    void refusesWhenTheServerOffersAnotherSizeThanTheManifest() {
        TestRelease release = TestRelease.signed(vendorKey, 7, 3, APP);
        Artifact resized = new Artifact("app", APP.sha256Hex(), 999, "/device/v1/artifacts/x");

        assertRefused(verifier.check(release.envelope(), new Assignment(12, 7, 3, "/e", List.of(resized)), 0),
                AgentErrors.ARTIFACTS_MISMATCH);
    }

    @Test
    void expectsTheCiphertextItsSignedUriNamesForAnEncryptedComponent() {
        TestRelease release = TestRelease.encrypted(vendorKey, 7, 3, APP, Recipient.of(groupKey()));
        Image ciphertext = release.artifact("app");

        ReleaseCheck check = verifier.check(release.envelope(), offering(ciphertext), 2);

        assertThat(check).isInstanceOfSatisfying(ReleaseCheck.Accepted.class, accepted -> {
            ReleaseImage image = accepted.release().images().getFirst();
            assertThat(image.digest()).as("what lands in the slot is the plaintext").isEqualTo(digest(APP));
            assertThat(image.ciphertext()).hasValueSatisfying(
                    c -> assertThat(c.digest()).isEqualTo(digest(ciphertext)));
        });
    }

    @Test
    void refusesWhenTheServerOffersThePlaintextForAnEncryptedComponent() {
        TestRelease release = TestRelease.encrypted(vendorKey, 7, 3, APP, Recipient.of(groupKey()));

        assertRefused(verifier.check(release.envelope(), offering(APP), 2), AgentErrors.ARTIFACTS_MISMATCH);
    }

    @Test
    void refusesWhenTheServerLeavesOutAComponentOfTheManifest() {
        TestRelease release = TestRelease.signed(vendorKey, 7, 3, APP, OS);

        assertRefused(verifier.check(release.envelope(), offering(APP), 0), AgentErrors.ARTIFACTS_MISMATCH);
    }

    @Test
    void refusesWhenTheServerOffersTwoArtifactsForOneComponent() {
        TestRelease release = TestRelease.signed(vendorKey, 7, 3, APP);

        assertRefused(verifier.check(release.envelope(), offering(APP, APP), 0), AgentErrors.ARTIFACTS_MISMATCH);
    }

    @Test
    void refusesAComponentNameThatCannotBeASlotFile() {
        Image escaping = new Image("../../etc/passwd", "1", APP.content());
        TestRelease release = TestRelease.signed(vendorKey, 7, 3, escaping);

        assertRefused(verifier.check(release.envelope(), offering(escaping), 0), AgentErrors.UNSUPPORTED_COMPONENT);
    }

    private static Assignment offering(Image... images) {
        List<Artifact> artifacts = List.of(images).stream()
                .map(i -> new Artifact(i.component(), i.sha256Hex(), i.content().length,
                        "/device/v1/artifacts/" + i.sha256Hex()))
                .toList();
        return new Assignment(12, 7, 3, "/device/v1/releases/7/envelope", artifacts);
    }

    private static GroupKey groupKey() {
        return GroupKey.generate(GroupKey.Algorithm.A128KW, new SecureRandom());
    }

    private static ImageDigest digest(Image image) {
        return ImageDigest.of(image.sha256(), image.content().length);
    }

    private static void assertRefused(ReleaseCheck check, ErrorCode expected) {
        assertThat(check).isInstanceOfSatisfying(ReleaseCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(expected));
    }
}
