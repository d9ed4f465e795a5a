package io.drover.suit;

import io.drover.error.ErrorCode;
import java.util.Objects;

/**
 * The outcome of checking a well-formed envelope: either it is authentic, or it is refused for a stated reason.
 * Undecodable input is not a verification outcome; it raises {@link io.drover.error.DroverException} instead.
 */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    /** The manifest digest holds and a trusted key signed it. */
    record Verified(SuitEnvelope envelope, VerificationKey signer) implements Verification {
        public Verified {
            Objects.requireNonNull(envelope, "envelope");
            Objects.requireNonNull(signer, "signer");
        }
    }

    /** The envelope must not be used; drover-suit gives one of the REJECTED-category codes of {@link SuitErrors}. */
    record Rejected(ErrorCode reason, String message) implements Verification {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
