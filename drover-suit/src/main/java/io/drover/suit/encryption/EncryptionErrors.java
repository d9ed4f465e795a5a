package io.drover.suit.encryption;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** The error codes payload encryption raises, as exception codes or as the reason of a {@link Decryption.Discarded}. */
public final class EncryptionErrors {
    /** The SUIT_Encryption_Info is not a COSE_Encrypt this module can read. Bad key files are {@code suit.bad-key}. */
    public static final ErrorCode MALFORMED = new ErrorCode("encryption.malformed", Category.MALFORMED);
    /** A content-encryption or key-distribution algorithm (or a critical header) Drover does not implement. */
    public static final ErrorCode UNSUPPORTED_ALGORITHM =
            new ErrorCode("encryption.unsupported-algorithm", Category.REJECTED);
    /** No recipient of the encryption info is meant for a key of this kind (group key, or this curve). */
    public static final ErrorCode NO_RECIPIENT_FOR_KEY =
            new ErrorCode("encryption.no-recipient-for-key", Category.REJECTED);
    /** Recipients of this key's kind exist, but the key unwraps none of them. */
    public static final ErrorCode WRONG_KEY = new ErrorCode("encryption.wrong-key", Category.REJECTED);
    /** The AES-GCM authentication tag does not match: the ciphertext or its header was altered. */
    public static final ErrorCode TAG_MISMATCH = new ErrorCode("encryption.tag-mismatch", Category.REJECTED);
    /** The ciphertext ended before the plaintext it must hold (or before a GCM tag fits). */
    public static final ErrorCode TRUNCATED = new ErrorCode("encryption.truncated", Category.REJECTED);
    /** The plaintext does not hash to (or is longer than) the image the manifest describes. */
    public static final ErrorCode DIGEST_MISMATCH = new ErrorCode("encryption.digest-mismatch", Category.REJECTED);

    /** AES-CTR output was to be accepted with no expected digest, so nothing could vouch for it. */
    public static final ErrorCode UNVERIFIABLE = new ErrorCode("encryption.unverifiable", Category.REJECTED);

    private EncryptionErrors() {
    }
}
