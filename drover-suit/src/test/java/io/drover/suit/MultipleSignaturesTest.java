package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Envelopes signed by several keys: each COSE_Sign1 in the authentication wrapper counts on its own. */
class MultipleSignaturesTest {
    private final SigningKey oem = SigningKey.generate(SignatureAlgorithm.ES256);
    private final SigningKey operator = SigningKey.generate(SignatureAlgorithm.ED25519);
    private final UpdateSpec spec = new UpdateSpec(UUID.randomUUID(), UUID.randomUUID(), 3, List.of(
            new ImageSpec("app", "1.0.0", new byte[32], 10, "https://cdn.example/app.bin")));

    @Test
    void everyKeyAddsOneSignatureAndAllOfThemVerify() {
        byte[] envelope = ManifestSigner.create(List.of(oem, operator)).sign(spec);
        var verifier = EnvelopeVerifier.create(List.of(oem.verificationKey(), operator.verificationKey()));

        var verified = (Verification.Verified) verifier.verify(envelope);

        assertThat(verifier.signers(verified)).containsExactly(oem.verificationKey(), operator.verificationKey());
    }

    @Test
    void verifierTrustingOnlyTheSecondSignerStillAcceptsTheEnvelope() {
        byte[] envelope = ManifestSigner.create(List.of(oem, operator)).sign(spec);
        var verifier = EnvelopeVerifier.create(List.of(operator.verificationKey()));

        var verdict = verifier.verify(envelope);

        assertThat(verdict).isInstanceOf(Verification.Verified.class);
        assertThat(((Verification.Verified) verdict).signer()).isEqualTo(operator.verificationKey());
        assertThat(verifier.signers((Verification.Verified) verdict)).containsExactly(operator.verificationKey());
    }

    @Test
    void signersOfASingleSignedEnvelopeIsThatKey() {
        byte[] envelope = ManifestSigner.create(oem).sign(spec);
        var verifier = EnvelopeVerifier.create(List.of(oem.verificationKey(), operator.verificationKey()));

        assertThat(verifier.signers((Verification.Verified) verifier.verify(envelope)))
                .containsExactly(oem.verificationKey());
    }
}
