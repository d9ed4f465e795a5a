package io.drover.suit.encryption;

import io.drover.suit.SecretKeyAccess;
import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;
import io.drover.suit.encryption.internal.KeyWrapAlgorithm;
import io.drover.suit.internal.Pem;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * A pre-shared AES key-encryption key for a group of devices (a device class, say), bound to its key-wrap algorithm
 * by its length: 16 bytes A128KW, 32 bytes A256KW. Raw bytes go in and out only with {@link SecretKeyAccess}.
 */
public final class GroupKey {
    private static final String PEM_LABEL = "DROVER GROUP KEY";

    /** The AES key-wrap algorithm a group key is for. */
    public enum Algorithm {
        A128KW(KeyWrapAlgorithm.A128KW),
        A256KW(KeyWrapAlgorithm.A256KW);

        private final KeyWrapAlgorithm wrap;

        Algorithm(KeyWrapAlgorithm wrap) {
            this.wrap = wrap;
        }

        int keyBytes() {
            return wrap.kekBytes();
        }
    }

    private final Algorithm algorithm;
    private final byte[] key;

    private GroupKey(Algorithm algorithm, byte[] key) {
        this.algorithm = algorithm;
        this.key = key;
    }

    /** A group key from 16 or 32 secret bytes (copied). */
    public static GroupKey create(byte[] key, SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        for (Algorithm algorithm : Algorithm.values()) {
            if (key.length == algorithm.keyBytes()) {
                return new GroupKey(algorithm, key.clone());
            }
        }
        throw new IllegalArgumentException("a group key has 16 or 32 bytes, got " + key.length);
    }

    public static GroupKey generate(Algorithm algorithm, SecureRandom random) {
        byte[] key = new byte[algorithm.keyBytes()];
        random.nextBytes(key);
        return new GroupKey(algorithm, key);
    }

    /** Reads a {@code DROVER GROUP KEY} PEM block; {@link SuitErrors#BAD_KEY} unless it holds 16 or 32 bytes. */
    public static GroupKey fromPem(String pem, SecretKeyAccess access) {
        byte[] key = Pem.decode(pem, PEM_LABEL);
        if (key.length != 16 && key.length != 32) {
            throw new DroverException(SuitErrors.BAD_KEY, "a group key has 16 or 32 bytes, got " + key.length);
        }
        return create(key, access);
    }

    public String toPem(SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        return Pem.encode(PEM_LABEL, key);
    }

    public byte[] keyBytes(SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        return key.clone();
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    KeyWrapAlgorithm wrapAlgorithm() {
        return algorithm.wrap;
    }

    byte[] kek() {
        return key;
    }

    /** Constant-time comparison, so keys can be compared without leaking where they differ. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GroupKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode();
    }

    @Override
    public String toString() {
        return "GroupKey[" + algorithm + "]";
    }
}
