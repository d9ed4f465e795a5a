package io.drover.suit.encryption;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a payload is encrypted with its content key (draft-ietf-suit-firmware-encryption section 5). GCM authenticates
 * the ciphertext; CTR (RFC 9459) does not, so a CTR payload is only as good as the image digest checked after it.
 */
public enum ContentEncryptionAlgorithm {
    A128GCM(1, 16, 12, true),
    A256GCM(3, 32, 12, true),
    /** RFC 9459; COSE id -65534. */
    A128CTR(-65534, 16, 16, false),
    /** RFC 9459; COSE id -65532. */
    A256CTR(-65532, 32, 16, false);

    private final int coseId;
    private final int keyBytes;
    private final int ivBytes;
    private final boolean authenticated;

    ContentEncryptionAlgorithm(int coseId, int keyBytes, int ivBytes, boolean authenticated) {
        this.coseId = coseId;
        this.keyBytes = keyBytes;
        this.ivBytes = ivBytes;
        this.authenticated = authenticated;
    }

    public int coseId() {
        return coseId;
    }

    public int keyBytes() {
        return keyBytes;
    }

    public int ivBytes() {
        return ivBytes;
    }

    /**
     * Whether the algorithm is an AEAD. An AEAD's alg sits in the protected header; a non-AEAD's sits in the
     * unprotected header with an empty protected header, as RFC 9459 requires.
     */
    public boolean authenticated() {
        return authenticated;
    }

    public static Optional<ContentEncryptionAlgorithm> ofCoseId(long id) {
        return Arrays.stream(values()).filter(a -> a.coseId == id).findFirst();
    }
}
