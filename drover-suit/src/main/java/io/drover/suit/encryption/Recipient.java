package io.drover.suit.encryption;

import java.util.Objects;

/** Who can decrypt a payload: every holder of a group key, or the holder of one device's private key. */
public sealed interface Recipient {
    /** AES-KW of the content key with a pre-shared group key (A128KW or A256KW, by the key's length). */
    record Group(GroupKey key) implements Recipient {
        public Group {
            Objects.requireNonNull(key, "key");
        }
    }

    /** ECDH-ES + HKDF-SHA256 + AES-KW to one device's public key, with a fresh ephemeral key per payload. */
    record Device(RecipientPublicKey key) implements Recipient {
        public Device {
            Objects.requireNonNull(key, "key");
        }
    }

    static Recipient of(GroupKey key) {
        return new Group(key);
    }

    static Recipient of(RecipientPublicKey key) {
        return new Device(key);
    }
}
