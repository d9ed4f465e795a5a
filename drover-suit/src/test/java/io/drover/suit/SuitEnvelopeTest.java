package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.EnvelopeCodec;
import io.drover.suit.internal.SuitDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Decoding the draft-ietf-suit-manifest-37 appendix examples (suit-wg/manifest-spec examples/example0..5, see
 * vectors/suit/README.md): facts checked against the examples' diagnostic notation (*.diag).
 */
class SuitEnvelopeTest {
    private static final UUID VENDOR = UUID.fromString("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe");
    private static final UUID CLASS = UUID.fromString("1492af14-2569-5e48-bf42-9b2d51f2ab45");
    private static final ComponentId COMPONENT_00 = new ComponentId(List.of(new byte[] {0}));
    private static final String DUMMY_DIGEST = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";

    @Test
    void decodesSecureBootExample0() {
        SuitManifest manifest = SuitEnvelope.decode(Vectors.suit("example0-signed")).manifest();

        assertThat(manifest.version()).isEqualTo(1);
        assertThat(manifest.sequenceNumber()).isZero();
        assertThat(manifest.referenceUri()).isEmpty();
        assertThat(manifest.components()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(COMPONENT_00);
            assertThat(c.id().displayName()).isEqualTo("h'00'");
            assertThat(c.vendorId()).contains(VENDOR);
            assertThat(c.classId()).contains(CLASS);
            assertThat(c.imageSha256()).hasValueSatisfying(d -> assertThat(HexFormat.of().formatHex(d)).isEqualTo(DUMMY_DIGEST));
            assertThat(c.imageSize()).isEqualTo(OptionalLong.of(34768));
            assertThat(c.uri()).isEmpty();
            assertThat(c.version()).isEmpty();
        });
        assertThat(manifest.sequences()).extracting(CommandSequence::name)
                .containsExactly("shared-sequence", "validate", "invoke");
        assertThat(sequence(manifest, "shared-sequence").commands()).extracting(SuitCommand::name).containsExactly(
                "directive-override-parameters", "condition-vendor-identifier", "condition-class-identifier");
        assertThat(sequence(manifest, "invoke").commands())
                .containsExactly(new SuitCommand("directive-invoke", 23, "2"));
    }

    @Test
    void decodesDownloadUriOfExample1() {
        SuitManifest manifest = SuitEnvelope.decode(Vectors.suit("example1-signed")).manifest();

        assertThat(manifest.sequenceNumber()).isEqualTo(1);
        assertThat(manifest.component(COMPONENT_00)).hasValueSatisfying(c -> {
            assertThat(c.uri()).contains("http://example.com/file.bin");
            assertThat(c.imageSize()).isEqualTo(OptionalLong.of(34768));
        });
        CommandSequence install = sequence(manifest, "install");
        assertThat(install.key()).isEqualTo(20);
        assertThat(install.severed()).isFalse();
        assertThat(install.commands()).extracting(SuitCommand::name)
                .containsExactly("directive-override-parameters", "directive-fetch", "condition-image-match");
    }

    @Test
    void marksInstallOfSeveredExample2AsSeveredAndTakesItFromTheFullEnvelope() {
        SuitManifest severed = SuitEnvelope.decode(Vectors.suit("example2-signed-severed")).manifest();
        SuitManifest full = SuitEnvelope.decode(Vectors.suit("example2-signed-full")).manifest();

        assertThat(severed.referenceUri()).contains("https://git.io/JJYoj");
        assertThat(sequence(severed, "install").severed()).isTrue();
        assertThat(sequence(severed, "install").commands()).isEmpty();
        assertThat(severed.components().getFirst().uri()).isEmpty();

        assertThat(sequence(full, "install").severed()).isFalse();
        assertThat(full.components().getFirst().uri()).contains("http://example.com/very/long/path/to/file/file.bin");
    }

    @Test
    void rendersTryEachOfExample3AndResolvesItsFirstAlternative() {
        SuitManifest manifest = SuitEnvelope.decode(Vectors.suit("example3-signed")).manifest();

        assertThat(manifest.sequenceNumber()).isEqualTo(3);
        assertThat(sequence(manifest, "shared-sequence").commands())
                .filteredOn(c -> c.key() == 15)
                .singleElement()
                .satisfies(tryEach -> {
                    assertThat(tryEach.name()).isEqualTo("directive-try-each");
                    assertThat(tryEach.argument()).contains("component-slot: 0", "component-slot: 1", "image-size: 76834");
                });
        assertThat(sequence(manifest, "install").commands()).extracting(SuitCommand::name).contains("directive-try-each");
        assertThat(manifest.components().getFirst().uri()).contains("http://example.com/file1.bin");
        assertThat(manifest.components().getFirst().imageSize()).isEqualTo(OptionalLong.of(34768));
    }

    @Test
    void decodesExternalStorageComponentsOfExample4() {
        // The README's table says "2 components"; the example lists three: install [00], download [02], load [01].
        SuitManifest manifest = SuitEnvelope.decode(Vectors.suit("example4-signed")).manifest();

        assertThat(manifest.components()).extracting(c -> c.id().displayName())
                .containsExactly("h'00'", "h'02'", "h'01'");
        assertThat(manifest.sequences()).extracting(CommandSequence::key).containsExactly(4, 7, 8, 9, 16, 20);
        assertThat(sequence(manifest, "load").commands()).extracting(SuitCommand::name).contains("directive-copy");
        assertThat(sequence(manifest, "payload-fetch").commands()).first()
                .isEqualTo(new SuitCommand("directive-set-component-index", 12, "1"));
        assertThat(manifest.components().get(1).uri()).contains("http://example.com/file.bin");
    }

    @Test
    void decodesTwoImagesOfExample5() {
        SuitManifest manifest = SuitEnvelope.decode(Vectors.suit("example5-signed")).manifest();

        assertThat(manifest.components()).hasSize(2);
        assertThat(manifest.components()).extracting(ComponentManifest::uri).containsExactly(
                Optional.of("http://example.com/file1.bin"), Optional.of("http://example.com/file2.bin"));
        // the shared sequence sets vendor and class for component 0 only
        assertThat(manifest.components()).extracting(ComponentManifest::vendorId)
                .containsExactly(Optional.of(VENDOR), Optional.empty());
        assertThat(manifest.components()).extracting(ComponentManifest::imageSize)
                .containsExactly(OptionalLong.of(34768), OptionalLong.of(76834));
    }

    @Test
    void decodesUntaggedEnvelope() {
        // libcsuit suit_manifest_expU: a TEEP example sent as a plain map without tag 107
        SuitEnvelope envelope = SuitEnvelope.decode(Vectors.suit("libcsuit/suit_manifest_expU"));

        assertThat(envelope.isSigned()).isTrue();
        assertThat(envelope.manifest().components()).isNotEmpty();
    }

    @Test
    void decodesDependencyManifestOfTrustDomains() {
        // trust-domains-11 example 1: component ['10'] plus dependency resolution fetching the dependency
        SuitManifest manifest = SuitEnvelope.decode(Vectors.suit("trust-domains-example1_process")).manifest();

        assertThat(manifest.components()).extracting(c -> c.id().displayName()).containsExactly("10");
        assertThat(sequence(manifest, "dependency-resolution").key()).isEqualTo(15);
        assertThat(sequence(manifest, "install").commands()).extracting(SuitCommand::name)
                .contains("condition-dependency-integrity", "directive-process-dependency", "directive-write");
    }

    @Test
    void keepsExactlyTheDecodedBytes() {
        byte[] bytes = Vectors.suit("example0-signed");
        SuitEnvelope envelope = SuitEnvelope.decode(bytes);
        bytes[0] ^= 1;
        envelope.encoded()[1] ^= 1;

        assertThat(envelope.encoded()).isEqualTo(Vectors.suit("example0-signed"));
    }

    @Test
    void rejectsEnvelopeUnderAnotherTagAsMalformed() {
        byte[] bytes = Vectors.suit("example0-signed");
        bytes[1] = 0x6c; // 0xd8 0x6b (tag 107) becomes tag 108

        assertMalformed(bytes);
    }

    @Test
    void rejectsMemberHeldBothInManifestAndEnvelopeAsMalformed() {
        // example1 keeps install (20) in the manifest; an envelope copy of it would be unauthenticated and ambiguous
        byte[] example1 = Vectors.suit("example1-signed");
        var envelope = CBORObject.DecodeFromBytes(example1);
        envelope.Add(20, new byte[] {(byte) 0x80});

        assertMalformed(envelope.EncodeToBytes());
    }

    @Test
    void rejectsRunSequenceNestedTooDeeplyAsMalformed() {
        // each level is a separately wrapped byte string, so only Drover's own limit stops the recursion
        CBORObject sequence = CBORObject.NewArray().Add(23).Add(2); // directive-invoke
        for (int depth = 0; depth < 100; depth++) {
            sequence = CBORObject.NewArray().Add(32).Add(sequence.EncodeToBytes()); // directive-run-sequence
        }
        byte[] common = CBORObject.NewMap().Add(2, CBORObject.NewArray().Add(CBORObject.NewArray().Add(new byte[] {0})))
                .EncodeToBytes();
        byte[] manifest = CBORObject.NewOrderedMap().Add(1, 1).Add(2, 0).Add(3, common).Add(9, sequence.EncodeToBytes())
                .EncodeToBytes();
        byte[] digest = SuitDigest.sha256Of(Cbor.wrap(manifest)).EncodeToBytes();

        assertThatThrownBy(() -> SuitEnvelope.decode(EnvelopeCodec.encode(manifest, digest, List.of())))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SuitErrors.MALFORMED))
                .hasMessageContaining("nested more than");
    }

    private static void assertMalformed(byte[] bytes) {
        assertThatThrownBy(() -> SuitEnvelope.decode(bytes)).isInstanceOfSatisfying(DroverException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SuitErrors.MALFORMED));
    }

    private static CommandSequence sequence(SuitManifest manifest, String name) {
        return manifest.sequences().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
