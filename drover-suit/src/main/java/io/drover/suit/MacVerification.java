package io.drover.suit;

/** The verdict of a {@link MacEnvelopeVerifier}: authenticated by a shared key, or refused with the reason. */
public sealed interface MacVerification permits MacVerification.Authenticated, MacVerification.Refused {

    /** A COSE_Mac0 over the manifest digest verified under {@code key}, and every digest matched. */
    record Authenticated(SuitEnvelope envelope, MacKey key) implements MacVerification {
    }

    /** Not authenticated; the rejection carries the same stable codes as a signature check's. */
    record Refused(Verification.Rejected rejection) implements MacVerification {
    }
}
