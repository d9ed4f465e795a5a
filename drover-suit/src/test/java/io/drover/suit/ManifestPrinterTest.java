package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Inspection output for the draft-ietf-suit-manifest-37 examples (vectors/suit/example0..5) and Drover's own. */
class ManifestPrinterTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 5})
    void describesComponentsSequenceNumberAndEveryCommand(int example) {
        SuitEnvelope envelope = SuitEnvelope.decode(Vectors.suit("example" + example + "-signed"));

        assertDescribesEverything(envelope, ManifestPrinter.describe(envelope));
    }

    @Test
    void describesSeveredExample2AndItsReferenceUri() {
        SuitEnvelope envelope = SuitEnvelope.decode(Vectors.suit("example2-signed-severed"));
        String description = ManifestPrinter.describe(envelope);

        assertDescribesEverything(envelope, description);
        assertThat(description).contains("reference-uri: https://git.io/JJYoj", "install (20): severed");
    }

    @Test
    void describesExample0InTheDraftsTerms() {
        String description = ManifestPrinter.describe(SuitEnvelope.decode(Vectors.suit("example0-signed")));

        assertThat(description).contains(
                "sequence number 0",
                "[0] h'00'",
                "vendor-id: fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe",
                "image-size: 34768",
                "directive-override-parameters {vendor-id: fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe",
                "condition-vendor-identifier 15",
                "directive-invoke 2");
    }

    @Test
    void describesVersionAndUriOfDroversOwnManifest() {
        byte[] envelope = ManifestSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519))
                .sign(ManifestSignerTest.spec());

        assertThat(ManifestPrinter.describe(SuitEnvelope.decode(envelope)))
                .contains("sequence number 7", "[0] app", "version: 2.1.0", "uri: https://updates.example/app-2.1.0",
                        "signed: yes");
    }

    @Test
    void saysWhenAnEnvelopeIsUnsigned() {
        assertThat(ManifestPrinter.describe(SuitEnvelope.decode(Vectors.suit("example0-unsigned")))).contains("signed: no");
    }

    private static void assertDescribesEverything(SuitEnvelope envelope, String description) {
        SuitManifest manifest = envelope.manifest();
        assertThat(description).contains("sequence number " + manifest.sequenceNumber());
        manifest.components().forEach(c -> assertThat(description).contains(c.id().displayName()));
        List<String> commandNames = manifest.sequences().stream()
                .flatMap(s -> s.commands().stream())
                .map(SuitCommand::name)
                .toList();
        assertThat(commandNames).isNotEmpty();
        assertThat(description).contains(commandNames);
        manifest.sequences().forEach(s -> assertThat(description).contains(s.name() + " (" + s.key() + ")"));
    }
}
