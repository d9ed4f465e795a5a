package io.drover.suit.encryption.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** AES key wrap (RFC 3394) with the JDK's "AESWrap" cipher. */
public final class AesKeyWrap {
    private AesKeyWrap() {
    }

    public static byte[] wrap(byte[] kek, byte[] key) {
        try {
            Cipher cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
            return cipher.wrap(new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot AES-wrap a " + key.length + "-byte key", e);
        }
    }

    /**
     * The unwrapped key, or empty when RFC 3394's integrity check fails: the KEK is not the one that wrapped it, or
     * the wrapped bytes were altered. Only this failure is "empty"; a JDK without AESWrap is an error.
     */
    public static Optional<byte[]> unwrap(byte[] kek, byte[] wrapped) {
        if (wrapped.length < 24 || wrapped.length % 8 != 0) {
            return Optional.empty();
        }
        Cipher cipher;
        try {
            cipher = Cipher.getInstance("AESWrap");
            cipher.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot AES-unwrap with a " + kek.length + "-byte key", e);
        }
        try {
            Key key = cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
            return Optional.of(key.getEncoded());
        } catch (InvalidKeyException | java.security.NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }
}
