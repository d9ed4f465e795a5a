package io.drover.suit.report;

import io.drover.suit.SuitEnvelope;
import io.drover.suit.internal.Cbor;
import io.drover.suit.internal.SuitDigest;
import java.util.Objects;

/**
 * Which manifest a report is about, as a SUIT_Reference names it: the manifest's reference URI (empty text when it
 * names none) and the encoded SUIT_Digest of the manifest.
 */
public record ManifestReference(String uri, CborBytes digest) {
    public ManifestReference {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(digest, "digest");
    }

    /** The reference of a decoded envelope: its manifest's URI and the digest its authentication wrapper holds. */
    public static ManifestReference of(SuitEnvelope envelope) {
        return new ManifestReference(envelope.manifest().referenceUri().orElse(""),
                new CborBytes(envelope.manifestDigest()));
    }

    /**
     * The reference for bytes that hold no decodable envelope: the SHA-256 of the bytes themselves, so that a report
     * refusing them still names exactly what was received.
     */
    public static ManifestReference ofUndecodable(byte[] bytes) {
        return new ManifestReference("", new CborBytes(SuitDigest.sha256Of(bytes).EncodeToBytes()));
    }

    /** {@code sha-256:0011…}, for messages. */
    public String describe() {
        return SuitDigest.decode(Cbor.decode(digest.encoded(), "manifest digest"), "manifest digest").describe();
    }
}
