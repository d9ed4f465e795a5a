package io.drover.suit.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.ComponentManifest;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import io.drover.suit.Vectors;
import io.drover.suit.Verification;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The encryption info travels in the signed manifest as suit-parameter-encryption-info (19), digest of the plaintext. */
class ManifestEncryptionTest {
    private static final UUID VENDOR = UUID.fromString("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe");
    private static final UUID CLASS = UUID.fromString("1492af14-2569-5e48-bf42-9b2d51f2ab45");

    @Test
    void signedManifestCarriesTheEncryptionInfoThatDecryptsTheImage() throws IOException {
        SigningKey signer = SigningKey.generate(SignatureAlgorithm.ED25519);
        RecipientPrivateKey device = RecipientPrivateKey.generate(RecipientCurve.X25519);
        byte[] firmware = PayloadRoundTripTest.randomBytes(30_000);
        var ciphertext = new ByteArrayOutputStream();
        EncryptedPayload encrypted = PayloadEncryptor.create(ContentEncryptionAlgorithm.A128GCM,
                List.of(Recipient.of(device.publicKey()))).encrypt(new ByteArrayInputStream(firmware), ciphertext);
        ImageSpec image = new ImageSpec("app", "2.0.0", encrypted.plaintextSha256(), encrypted.plaintextSize(),
                "https://updates.example/app.enc").withEncryptionInfo(encrypted.encryptionInfo());

        Verification verdict = EnvelopeVerifier.create(List.of(signer.verificationKey()))
                .verify(ManifestSigner.create(signer).sign(new UpdateSpec(VENDOR, CLASS, 3, List.of(image, plainImage()))));

        assertThat(verdict).isInstanceOf(Verification.Verified.class);
        List<ComponentManifest> components = ((Verification.Verified) verdict).envelope().manifest().components();
        ComponentManifest app = components.get(0);
        assertThat(app.encryptionInfo()).hasValueSatisfying(info -> assertThat(info).isEqualTo(encrypted.encryptionInfo()));
        assertThat(app.imageSha256()).hasValueSatisfying(d -> assertThat(d).isEqualTo(EncryptionVectorsTest.sha256(firmware)));
        assertThat(components.get(1).encryptionInfo()).isEmpty();

        var sink = new RecordingSink();
        Decryption outcome = PayloadDecryptor.create(device).decrypt(app.encryptionInfo().orElseThrow(),
                new ByteArrayInputStream(ciphertext.toByteArray()), sink,
                ExpectedPlaintext.image(app.imageSha256().orElseThrow(), app.imageSize().getAsLong()));
        assertThat(outcome).isInstanceOf(Decryption.Committed.class);
        assertThat(sink.committedBytes()).isEqualTo(firmware);
    }

    @Test
    void writesEncryptionInfoBeforeTheUriInTheInstallParameters() {
        byte[] info = CBORObject.NewArray().WithTag(96).EncodeToBytes();
        ImageSpec image = plainImage().withEncryptionInfo(info);
        SigningKey signer = SigningKey.generate(SignatureAlgorithm.ES256);

        var verified = (Verification.Verified) EnvelopeVerifier.create(List.of(signer.verificationKey()))
                .verify(ManifestSigner.create(signer).sign(new UpdateSpec(VENDOR, CLASS, 1, List.of(image))));

        assertThat(verified.envelope().manifest().sequences().stream()
                .filter(s -> s.name().equals("install")).findFirst().orElseThrow().toString())
                .contains("encryption-info");
        assertThat(image).isNotEqualTo(plainImage());
        assertThat(image.encryptionInfo()).hasValueSatisfying(i -> assertThat(i).isEqualTo(info));
    }

    @Test
    void decryptsThePayloadOfTheDraftsSignedEsEcdhManifest() throws IOException {
        // draft-ietf-suit-firmware-encryption-24 example suit-manifest-es-ecdh-content (vectors/suit-encryption/README.md),
        // signed with ESP256 by the SUIT manifest draft's example key; the payload is encrypted-payload-es-ecdh-aes-gcm
        var verified = (Verification.Verified) EnvelopeVerifier.create(List.of(Vectors.exampleKey()))
                .verify(Vectors.hex("suit-encryption/suit-manifest-es-ecdh-content.signed.cbor.hex"));
        ComponentManifest component = verified.envelope().manifest().components().getFirst();
        var sink = new RecordingSink();

        Decryption outcome = PayloadDecryptor.create(EncryptionVectors.draftRecipientKey()).decrypt(
                component.encryptionInfo().orElseThrow(),
                new ByteArrayInputStream(Vectors.hex("suit-encryption/encrypted-payload-es-ecdh-aes-gcm.hex")), sink,
                ExpectedPlaintext.none());

        assertThat(outcome).isInstanceOf(Decryption.Committed.class);
        assertThat(new String(sink.committedBytes(), StandardCharsets.US_ASCII)).isEqualTo(EncryptionVectors.DRAFT_PLAINTEXT);
    }

    private static ImageSpec plainImage() {
        return new ImageSpec("os", "1.0.0", new byte[32], 10, "https://updates.example/os");
    }
}
