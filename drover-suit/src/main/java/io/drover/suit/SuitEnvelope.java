package io.drover.suit;

import io.drover.suit.internal.AuthenticationBlock;
import io.drover.suit.internal.EnvelopeCodec;
import io.drover.suit.internal.EnvelopeCodec.DecodedEnvelope;

/**
 * A structurally valid SUIT envelope and its decoded manifest. Decoding checks shape only: an envelope obtained here
 * is not yet trusted; {@link EnvelopeVerifier} says whether it is.
 */
public final class SuitEnvelope {
    private final byte[] encoded;
    private final DecodedEnvelope decoded;

    private SuitEnvelope(byte[] encoded, DecodedEnvelope decoded) {
        this.encoded = encoded;
        this.decoded = decoded;
    }

    /**
     * Decodes a tagged (107) or untagged envelope; {@link io.drover.error.DroverException} with
     * {@link SuitErrors#MALFORMED} and a message naming the bad part on any structural error.
     */
    public static SuitEnvelope decode(byte[] encoded) {
        byte[] copy = encoded.clone();
        return new SuitEnvelope(copy, EnvelopeCodec.decode(copy));
    }

    /** Exactly the bytes this envelope was decoded from. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /**
     * The encoded SUIT_Digest of the manifest, as the authentication wrapper holds it (what the signers signed): the
     * manifest's identity in SUIT reports.
     */
    public byte[] manifestDigest() {
        return decoded.signedPayload().clone();
    }

    public SuitManifest manifest() {
        return decoded.manifest().manifest();
    }

    /** Whether the authentication wrapper holds at least one COSE_Sign1 (valid or not). */
    public boolean isSigned() {
        return decoded.authenticationBlocks().stream().anyMatch(AuthenticationBlock.Signature.class::isInstance);
    }

    DecodedEnvelope decoded() {
        return decoded;
    }
}
