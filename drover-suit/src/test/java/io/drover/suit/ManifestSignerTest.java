package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.Verification.Verified;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ManifestSignerTest {
    private static final UUID VENDOR = UUID.fromString("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe");
    private static final UUID CLASS = UUID.fromString("1492af14-2569-5e48-bf42-9b2d51f2ab45");

    /** A one-image release, shared with other tests. */
    static UpdateSpec spec() {
        return new UpdateSpec(VENDOR, CLASS, 7, List.of(image("app", "2.1.0", 0x11, 34768)));
    }

    private static UpdateSpec twoImageSpec() {
        return new UpdateSpec(VENDOR, CLASS, 42, List.of(
                image("os", "1.4.2", 0x22, 1 << 20),
                image("app", "2.1.0", 0x33, 4096)));
    }

    private static ImageSpec image(String component, String version, int digestByte, long size) {
        byte[] sha256 = new byte[32];
        java.util.Arrays.fill(sha256, (byte) digestByte);
        return new ImageSpec(component, version, sha256, size, "https://updates.example/" + component + "-" + version);
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void roundTripsEverySpecFieldThroughSigningAndVerification(SignatureAlgorithm algorithm) {
        SigningKey key = SigningKey.generate(algorithm);
        UpdateSpec spec = twoImageSpec();

        Verification verdict = EnvelopeVerifier.create(List.of(key.verificationKey()))
                .verify(ManifestSigner.create(key).sign(spec));

        assertThat(verdict).isInstanceOfSatisfying(Verified.class, verified -> {
            assertThat(verified.signer()).isEqualTo(key.verificationKey());
            SuitManifest manifest = verified.envelope().manifest();
            assertThat(manifest.version()).isEqualTo(1);
            assertThat(manifest.sequenceNumber()).isEqualTo(spec.sequenceNumber());
            assertThat(manifest.referenceUri()).isEmpty();
            assertThat(manifest.components()).containsExactlyElementsOf(
                    spec.images().stream().map(image -> expectedComponent(spec, image)).toList());
            assertThat(manifest.sequences()).extracting(CommandSequence::name, CommandSequence::key, CommandSequence::severed)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("shared-sequence", 4, false),
                            org.assertj.core.groups.Tuple.tuple("validate", 7, false),
                            org.assertj.core.groups.Tuple.tuple("install", 20, false));
        });
    }

    @Test
    void writesTheShapeTheApiPromises() {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519);
        CBORObject envelope = CBORObject.DecodeFromBytes(ManifestSigner.create(key).sign(spec()));

        assertThat(envelope.HasMostOuterTag(107)).isTrue();
        CBORObject authentication = CBORObject.DecodeFromBytes(envelope.UntagOne().get(2).GetByteString());
        CBORObject sign1 = CBORObject.DecodeFromBytes(authentication.get(1).GetByteString());
        assertThat(sign1.HasMostOuterTag(18)).isTrue();
        CBORObject protectedHeaders = CBORObject.DecodeFromBytes(sign1.UntagOne().get(0).GetByteString());
        assertThat(protectedHeaders.get(1).AsInt32Value()).isEqualTo(-8);
        assertThat(protectedHeaders.get(4).GetByteString())
                .isEqualTo(HexFormat.of().parseHex(key.verificationKey().keyId()));
        assertThat(sign1.UntagOne().get(1).size()).isZero();
        assertThat(sign1.UntagOne().get(2).isNull()).isTrue();
        CBORObject digest = CBORObject.DecodeFromBytes(authentication.get(0).GetByteString());
        assertThat(digest.get(0).AsInt32Value()).isEqualTo(-16);
    }

    @Test
    void signsWithTheDraftExampleKeySoTheDraftPublicKeyVerifies() {
        SigningKey draftKey = SigningKey.fromPem(Vectors.text("suit/example-signing-key-p256.private.pem"));

        assertThat(EnvelopeVerifier.create(List.of(Vectors.exampleKey())).verify(ManifestSigner.create(draftKey).sign(spec())))
                .isInstanceOf(Verified.class);
    }

    @Test
    void refusesSpecsThatCannotBecomeAManifest() {
        ImageSpec app = spec().images().getFirst();

        assertThatThrownBy(() -> new UpdateSpec(VENDOR, CLASS, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpdateSpec(VENDOR, CLASS, -1, List.of(app)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UpdateSpec(VENDOR, CLASS, 1, List.of(app, app)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageSpec("app", "1", new byte[31], 1, "https://x.example/a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageSpec(" ", "1", new byte[32], 1, "https://x.example/a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ComponentManifest expectedComponent(UpdateSpec spec, ImageSpec image) {
        return new ComponentManifest(ComponentId.named(image.component()), Optional.of(spec.vendorId()),
                Optional.of(spec.classId()), Optional.of(image.sha256()), OptionalLong.of(image.size()),
                Optional.of(image.uri()), Optional.of(image.version()));
    }
}
