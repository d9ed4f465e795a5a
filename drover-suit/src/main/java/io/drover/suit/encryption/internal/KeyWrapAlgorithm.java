package io.drover.suit.encryption.internal;

import java.util.Arrays;
import java.util.Optional;

/** The COSE key-distribution algorithms Drover speaks (RFC 9053 sections 6.2.1 and 6.4). */
public enum KeyWrapAlgorithm {
    A128KW(-3, 16, false),
    A256KW(-5, 32, false),
    ECDH_ES_A128KW(-29, 16, true),
    ECDH_ES_A256KW(-31, 32, true);

    private final int coseId;
    private final int kekBytes;
    private final boolean keyAgreement;

    KeyWrapAlgorithm(int coseId, int kekBytes, boolean keyAgreement) {
        this.coseId = coseId;
        this.kekBytes = kekBytes;
        this.keyAgreement = keyAgreement;
    }

    public int coseId() {
        return coseId;
    }

    /** The size of the key-encryption key, and for ECDH-ES the length HKDF derives. */
    public int kekBytes() {
        return kekBytes;
    }

    public boolean keyAgreement() {
        return keyAgreement;
    }

    /** The AES-KW algorithm under an ECDH-ES one: the AlgorithmID of its COSE_KDF_Context (RFC 9053 section 5.2). */
    public KeyWrapAlgorithm wrap() {
        return switch (this) {
            case A128KW, ECDH_ES_A128KW -> A128KW;
            case A256KW, ECDH_ES_A256KW -> A256KW;
        };
    }

    /** The ECDH-ES variant whose key wrap matches a content key of this many bytes. */
    public static KeyWrapAlgorithm ecdhFor(int contentKeyBytes) {
        return contentKeyBytes <= 16 ? ECDH_ES_A128KW : ECDH_ES_A256KW;
    }

    public static Optional<KeyWrapAlgorithm> ofCoseId(long id) {
        return Arrays.stream(values()).filter(a -> a.coseId == id).findFirst();
    }
}
