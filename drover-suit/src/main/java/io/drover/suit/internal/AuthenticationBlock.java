package io.drover.suit.internal;

/** One SUIT_Authentication_Block of an authentication wrapper. */
public sealed interface AuthenticationBlock {

    /** A COSE_Sign1, the one kind Drover verifies. */
    record Signature(CoseSign1 message) implements AuthenticationBlock {
    }

    /** A COSE_Mac0, checked with a shared {@code MacKey} by {@code MacEnvelopeVerifier}. */
    record Mac(CoseMac0 message) implements AuthenticationBlock {
    }

    /** A COSE_Sign or COSE_Mac: valid SUIT, but Drover cannot check it yet. */
    record Unsupported(String kind) implements AuthenticationBlock {
    }
}
