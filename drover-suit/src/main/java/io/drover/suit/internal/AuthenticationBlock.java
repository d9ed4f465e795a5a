package io.drover.suit.internal;

/** One SUIT_Authentication_Block of an authentication wrapper. */
public sealed interface AuthenticationBlock {

    /** A COSE_Sign1, the one kind Drover verifies. */
    record Signature(CoseSign1 message) implements AuthenticationBlock {
    }

    /** A COSE_Sign, COSE_Mac or COSE_Mac0: valid SUIT, but Drover cannot check it yet. */
    record Unsupported(String kind) implements AuthenticationBlock {
    }
}
