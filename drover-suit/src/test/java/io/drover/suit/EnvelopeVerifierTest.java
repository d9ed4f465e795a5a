package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.suit.Verification.Rejected;
import io.drover.suit.Verification.Verified;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verdicts on the public SUIT vectors: draft-ietf-suit-manifest-37 examples (suit-wg/manifest-spec), the
 * trust-domains-11 examples (suit-wg/suit-multiple-trust-domains) and libcsuit's test files (kentakayama/libcsuit),
 * all signed with the draft's example P-256 key. See vectors/suit/README.md and vectors/suit/libcsuit/README.md.
 */
class EnvelopeVerifierTest {
    private final EnvelopeVerifier verifier = EnvelopeVerifier.create(List.of(Vectors.exampleKey()));

    @ParameterizedTest
    @ValueSource(strings = {
            "example0-signed", "example1-signed", "example2-signed-severed", "example2-signed-full", "example3-signed",
            "example4-signed", "example5-signed",
            // trust-domains-11, signed with ESP256 (-9)
            "trust-domains-example0_dependent", "trust-domains-example1_process", "trust-domains-example2_integrated",
            // libcsuit: -9 except U2/U3 (-7); U, I and D are untagged envelopes
            "libcsuit/suit_manifest_exp0", "libcsuit/suit_manifest_exp1", "libcsuit/suit_manifest_exp2A",
            "libcsuit/suit_manifest_exp2B", "libcsuit/suit_manifest_exp3", "libcsuit/suit_manifest_exp4",
            "libcsuit/suit_manifest_exp5", "libcsuit/suit_manifest_expEW", "libcsuit/suit_manifest_expED",
            "libcsuit/suit_manifest_expS0", "libcsuit/suit_manifest_expS2", "libcsuit/suit_manifest_expS3",
            "libcsuit/suit_manifest_expU0", "libcsuit/suit_manifest_expU1", "libcsuit/suit_manifest_expU2",
            "libcsuit/suit_manifest_expU3", "libcsuit/suit_manifest_expU", "libcsuit/suit_manifest_expI",
            "libcsuit/suit_manifest_expD"})
    void acceptsSignedExampleWithExampleKey(String name) {
        Verification verdict = verifier.verify(Vectors.suit(name));

        assertThat(verdict).isInstanceOfSatisfying(Verified.class, verified -> {
            assertThat(verified.signer()).isEqualTo(Vectors.exampleKey());
            assertThat(verified.envelope().isSigned()).isTrue();
            assertThat(verified.envelope().encoded()).isEqualTo(Vectors.suit(name));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"example0-unsigned", "example1-unsigned", "example2-unsigned-severed", "example3-unsigned",
            "example4-unsigned", "example5-unsigned"})
    void rejectsUnsignedExampleAsUnsigned(String name) {
        assertRejected(verifier.verify(Vectors.suit(name)), SuitErrors.UNSIGNED);
        assertThat(SuitEnvelope.decode(Vectors.suit(name)).isSigned()).isFalse();
    }

    @Test
    void rejectsFlippedSignatureBit() {
        // neg-example0-bad-signature: example0-signed with the last signature byte XOR 0x01
        assertRejected(verifier.verify(Vectors.suit("neg-example0-bad-signature")), SuitErrors.BAD_SIGNATURE);
    }

    @Test
    void rejectsManifestThatNoLongerMatchesItsDigest() {
        // neg-example0-manifest-digest-mismatch: sequence number changed inside the manifest; the signature over the
        // (old) digest still verifies, so only the digest check can catch it
        assertRejected(verifier.verify(Vectors.suit("neg-example0-manifest-digest-mismatch")), SuitErrors.DIGEST_MISMATCH);
    }

    @Test
    void rejectsExampleSignedByKeyOfAnotherAlgorithmAsUnknownSigner() {
        var other = EnvelopeVerifier.create(List.of(SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey()));

        assertRejected(other.verify(Vectors.suit("example0-signed")), SuitErrors.UNKNOWN_SIGNER);
    }

    @Test
    void rejectsEnvelopeNamingAnUntrustedKeyAsUnknownSigner() {
        SigningKey signer = SigningKey.generate(SignatureAlgorithm.ES256);
        byte[] envelope = ManifestSigner.create(signer).sign(ManifestSignerTest.spec());
        var other = EnvelopeVerifier.create(List.of(SigningKey.generate(SignatureAlgorithm.ES256).verificationKey()));

        assertRejected(other.verify(envelope), SuitErrors.UNKNOWN_SIGNER);
    }

    @Test
    void rejectsKidLessSignatureFromAnotherKeyOfTheSameAlgorithmAsBadSignature() {
        // Without a kid a stranger's valid signature and a damaged one look the same; Drover calls both bad.
        var other = EnvelopeVerifier.create(List.of(SigningKey.generate(SignatureAlgorithm.ES256).verificationKey()));

        assertRejected(other.verify(Vectors.suit("example0-signed")), SuitErrors.BAD_SIGNATURE);
    }

    @Test
    void acceptsSignatureByAnyOfSeveralTrustedKeys() {
        VerificationKey stranger = SigningKey.generate(SignatureAlgorithm.ES256).verificationKey();
        var both = EnvelopeVerifier.create(List.of(stranger, Vectors.exampleKey()));

        assertThat(both.verify(Vectors.suit("example1-signed")))
                .isInstanceOfSatisfying(Verified.class, v -> assertThat(v.signer()).isEqualTo(Vectors.exampleKey()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"libcsuit/suit_manifest_expAW", "libcsuit/suit_manifest_expAF", "libcsuit/suit_manifest_expAFS"})
    void leavesMacAuthenticatedEnvelopesToTheMacVerifier(String name) {
        // libcsuit expAW/AF/AFS authenticate with COSE_Mac0 (HMAC-256): a signature verifier cannot vouch for them;
        // MacEnvelopeVerifierTest checks them with the shared key.
        assertRejected(verifier.verify(Vectors.suit(name)), SuitErrors.UNSUPPORTED_ALGORITHM);
        assertThat(SuitEnvelope.decode(Vectors.suit(name)).isSigned()).isFalse();
    }

    @Test
    void refusesEmptyTrustedKeySet() {
        assertThatThrownBy(() -> EnvelopeVerifier.create(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void raisesMalformedForBytesThatAreNoEnvelope() {
        assertThatThrownBy(() -> verifier.verify(new byte[] {(byte) 0xa0}))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SuitErrors.MALFORMED));
    }

    static void assertRejected(Verification verdict, ErrorCode reason) {
        assertThat(verdict).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }
}
