package io.drover.suit;

import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/** A multi-line, human-readable dump of an envelope's manifest, for {@code drover manifest inspect}. */
public final class ManifestPrinter {
    private static final String INDENT = "  ";

    private ManifestPrinter() {
    }

    /** Describes what the manifest says; it does not verify anything (the envelope may be unsigned or forged). */
    public static String describe(SuitEnvelope envelope) {
        SuitManifest manifest = envelope.manifest();
        var out = new StringBuilder();
        out.append("SUIT manifest version ").append(manifest.version())
                .append(", sequence number ").append(manifest.sequenceNumber()).append('\n');
        out.append("signed: ").append(envelope.isSigned() ? "yes (COSE_Sign1, not verified here)" : "no").append('\n');
        manifest.referenceUri().ifPresent(uri -> out.append("reference-uri: ").append(uri).append('\n'));
        out.append("components (").append(manifest.components().size()).append("):\n");
        for (int i = 0; i < manifest.components().size(); i++) {
            ComponentManifest component = manifest.components().get(i);
            out.append(INDENT).append('[').append(i).append("] ").append(component.id().displayName()).append('\n');
            line(out, "vendor-id", component.vendorId().map(UUID::toString));
            line(out, "class-id", component.classId().map(UUID::toString));
            line(out, "image-digest", component.imageSha256().map(d -> "sha-256:" + HexFormat.of().formatHex(d)));
            line(out, "image-size", text(component.imageSize()));
            line(out, "uri", component.uri());
            line(out, "version", component.version());
        }
        out.append("sequences:\n");
        for (CommandSequence sequence : manifest.sequences()) {
            out.append(INDENT).append(sequence.name()).append(" (").append(sequence.key()).append(')');
            if (sequence.severed()) {
                out.append(": severed, only its digest is in the manifest\n");
                continue;
            }
            out.append(":\n");
            for (SuitCommand command : sequence.commands()) {
                out.append(INDENT).append(INDENT).append(command.name()).append(' ').append(command.argument()).append('\n');
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, Optional<String> value) {
        value.ifPresent(v -> out.append(INDENT).append(INDENT).append(name).append(": ").append(v).append('\n'));
    }

    private static Optional<String> text(OptionalLong value) {
        return value.isPresent() ? Optional.of(Long.toString(value.getAsLong())) : Optional.empty();
    }
}
