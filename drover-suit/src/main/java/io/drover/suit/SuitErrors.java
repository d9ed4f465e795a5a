package io.drover.suit;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** The error codes drover-suit raises, as exception codes or as the reason of a {@link Verification.Rejected}. */
public final class SuitErrors {
    /** The bytes are not a SUIT envelope (or COSE structure) this module can parse. */
    public static final ErrorCode MALFORMED = new ErrorCode("suit.malformed", Category.MALFORMED);
    /** The envelope carries no signature, so nothing vouches for it. */
    public static final ErrorCode UNSIGNED = new ErrorCode("suit.unsigned", Category.REJECTED);
    /** A signature names (or may come from) a trusted key but does not verify. */
    public static final ErrorCode BAD_SIGNATURE = new ErrorCode("suit.bad-signature", Category.REJECTED);
    /** No COSE_Mac0 of the envelope verifies under any of the shared MAC keys. */
    public static final ErrorCode BAD_MAC = new ErrorCode("suit.bad-mac", Category.REJECTED);
    /** The manifest or a severed member does not match the digest that covers it. */
    public static final ErrorCode DIGEST_MISMATCH = new ErrorCode("suit.digest-mismatch", Category.REJECTED);
    /** No trusted key can have made the signature. */
    public static final ErrorCode UNKNOWN_SIGNER = new ErrorCode("suit.unknown-signer", Category.REJECTED);
    /** A digest, signature or authentication scheme Drover does not implement. */
    public static final ErrorCode UNSUPPORTED_ALGORITHM = new ErrorCode("suit.unsupported-algorithm", Category.REJECTED);
    /** A key file is not a P-256 or Ed25519 key in the expected PEM form. */
    public static final ErrorCode BAD_KEY = new ErrorCode("suit.bad-key", Category.MALFORMED);

    private SuitErrors() {
    }
}
