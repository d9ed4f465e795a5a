package io.drover.suit;

import io.drover.suit.internal.CoseMac0;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shared secret that authenticates SUIT manifests with COSE_Mac0 and HMAC 256/256, for devices too small for
 * signatures (the SUIT encryption draft's AES-KW examples are MAC'd this way). Whoever holds it can also forge, so a
 * MAC proves only that one of the key's holders wrote the manifest. Raw bytes enter and leave only with
 * {@link SecretKeyAccess}.
 */
public final class MacKey {
    /** HMAC 256/256 wants a key at least as long as its output. */
    public static final int MIN_BYTES = 32;

    private final byte[] key;

    private MacKey(byte[] key) {
        this.key = key;
    }

    public static MacKey create(byte[] key, SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        if (key == null || key.length < MIN_BYTES) {
            throw new IllegalArgumentException("an HMAC 256/256 key needs at least " + MIN_BYTES + " bytes");
        }
        return new MacKey(key.clone());
    }

    /** Whether this key's MAC of the COSE_Mac0's MAC_structure over {@code payload} equals its tag, in constant time. */
    boolean verifies(CoseMac0 message, byte[] payload) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return MessageDigest.isEqual(hmac.doFinal(message.macStructure(new byte[0], payload)), message.tag());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "MacKey[HMAC 256/256]";
    }
}
