package io.drover.suit.encryption.internal;

import io.drover.error.DroverException;
import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import io.drover.suit.encryption.EncryptionErrors;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One pass of content encryption or decryption in bounded memory, on the JDK's AES (with its AES-NI and GHASH
 * intrinsics). GCM decryption is the one case the JDK cannot stream: its Cipher holds all ciphertext until doFinal.
 * So it runs as AES-CTR from GCM's first counter block, and the tag is checked by GCM-encrypting the plaintext again
 * with the same key and IV, which reproduces the ciphertext and therefore its tag (see {@link GcmDecrypt}).
 * A GCM decryption's output is unverified until {@link #finish} returns.
 */
public abstract sealed class ContentCipher {
    public static final int GCM_TAG_BYTES = 16;
    /** How many bytes {@link #update} and {@link #finish} may write beyond the input length. */
    public static final int MAX_EXTRA_OUTPUT = 2 * GCM_TAG_BYTES;

    public static ContentCipher open(ContentEncryptionAlgorithm algorithm, boolean encrypt, byte[] key, byte[] iv,
            byte[] protectedBytes) {
        if (!algorithm.authenticated()) {
            return new Jdk(jdkCipher("AES/CTR/NoPadding", encrypt, key, new IvParameterSpec(iv), null));
        }
        byte[] aad = CoseEncrypt.encStructure(protectedBytes);
        return encrypt ? new Jdk(jdkGcm(key, iv, aad)) : new GcmDecrypt(key, iv, aad);
    }

    /** Processes input, writing output at {@code out[0]}; returns the output length. */
    public abstract int update(byte[] in, int offset, int length, byte[] out);

    /** Ends the pass: writes any remaining output (and on encryption the tag); on decryption checks the tag. */
    public abstract int finish(byte[] out) throws AEADBadTagException;

    /** A JDK cipher that streams: AES-CTR either way, or AES-GCM encryption. */
    private static final class Jdk extends ContentCipher {
        private final Cipher cipher;

        Jdk(Cipher cipher) {
            this.cipher = cipher;
        }

        @Override
        public int update(byte[] in, int offset, int length, byte[] out) {
            try {
                return cipher.update(in, offset, length, out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("output buffer too small for " + cipher.getAlgorithm(), e);
            }
        }

        @Override
        public int finish(byte[] out) {
            try {
                return cipher.doFinal(out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(cipher.getAlgorithm() + " cannot fail to finish when encrypting", e);
            }
        }
    }

    /**
     * Streaming AES-GCM decryption (NIST SP 800-38D) from JDK parts. The last 16 bytes seen are held back as the
     * candidate tag; everything before them is CTR-decrypted with counter blocks from inc32(J0) = IV || 0x00000002
     * (the JDK increments all 128 bits, which equals inc32 for the at most 2^32 - 2 blocks GCM allows). The plaintext
     * is fed to a GCM encryption with the same key, IV and AAD: it produces the same ciphertext, so its tag is the tag
     * the sender computed exactly when the received ciphertext is the one that was sent.
     */
    private static final class GcmDecrypt extends ContentCipher {
        /** GCM's plaintext limit: 2^32 - 2 blocks of 16 bytes. */
        private static final long MAX_CIPHERTEXT = ((1L << 32) - 2) * 16;

        private final Cipher ctr;
        private final Cipher reencrypt;
        private final byte[] held = new byte[GCM_TAG_BYTES];
        private int heldLength;
        private long released;
        private byte[] discard = new byte[0];

        GcmDecrypt(byte[] key, byte[] iv, byte[] aad) {
            byte[] counter = Arrays.copyOf(iv, 16);
            counter[15] = 2;
            ctr = jdkCipher("AES/CTR/NoPadding", false, key, new IvParameterSpec(counter), null);
            reencrypt = jdkGcm(key, iv, aad);
        }

        @Override
        public int update(byte[] in, int offset, int length, byte[] out) {
            int release = Math.max(0, heldLength + length - GCM_TAG_BYTES);
            int fromHeld = Math.min(release, heldLength);
            int fromInput = release - fromHeld;
            int written = decrypt(held, 0, fromHeld, out, 0);
            written += decrypt(in, offset, fromInput, out, written);
            int kept = heldLength - fromHeld;
            System.arraycopy(held, fromHeld, held, 0, kept);
            System.arraycopy(in, offset + fromInput, held, kept, length - fromInput);
            heldLength = kept + length - fromInput;
            return written;
        }

        @Override
        public int finish(byte[] out) throws AEADBadTagException {
            if (heldLength < GCM_TAG_BYTES) {
                throw new AEADBadTagException("ciphertext shorter than a GCM tag");
            }
            try {
                ensureDiscard(2 * GCM_TAG_BYTES);
                int n = reencrypt.doFinal(discard, 0);
                byte[] tag = Arrays.copyOfRange(discard, n - GCM_TAG_BYTES, n);
                if (!MessageDigest.isEqual(tag, held)) {
                    throw new AEADBadTagException("GCM tag mismatch");
                }
                return 0;
            } catch (AEADBadTagException e) {
                throw e;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("GCM re-encryption cannot fail to finish", e);
            }
        }

        private int decrypt(byte[] in, int offset, int length, byte[] out, int outOffset) {
            if (length == 0) {
                return 0;
            }
            released += length;
            if (released > MAX_CIPHERTEXT) {
                throw new DroverException(EncryptionErrors.MALFORMED, "the ciphertext exceeds AES-GCM's length limit");
            }
            try {
                int n = ctr.update(in, offset, length, out, outOffset);
                ensureDiscard(n + GCM_TAG_BYTES);
                reencrypt.update(out, outOffset, n, discard, 0);
                return n;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("output buffer too small for AES-GCM decryption", e);
            }
        }

        /** The re-encryption's ciphertext is not needed, only its tag; this buffer takes it and grows rarely. */
        private void ensureDiscard(int size) {
            if (discard.length < size) {
                discard = new byte[Math.max(size, 2 * discard.length)];
            }
        }
    }

    private static Cipher jdkGcm(byte[] key, byte[] iv, byte[] aad) {
        return jdkCipher("AES/GCM/NoPadding", true, key, new GCMParameterSpec(GCM_TAG_BYTES * 8, iv), aad);
    }

    private static Cipher jdkCipher(String transformation, boolean encrypt, byte[] key,
            AlgorithmParameterSpec parameters, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance(transformation);
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), parameters);
            if (aad != null) {
                cipher.updateAAD(aad);
            }
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot run " + transformation, e);
        }
    }
}
