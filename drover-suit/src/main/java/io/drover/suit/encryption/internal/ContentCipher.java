package io.drover.suit.encryption.internal;

import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One pass of content encryption or decryption in bounded memory. GCM is BouncyCastle's lightweight cipher, which
 * releases plaintext as it goes and holds back only the 16-byte tag (the JDK's GCM holds all ciphertext until
 * doFinal); CTR is the JDK's. A GCM decryption's output is unverified until {@link #finish} returns.
 */
public abstract sealed class ContentCipher {
    public static final int GCM_TAG_BYTES = 16;
    /** How many bytes {@link #update} and {@link #finish} may write beyond the input length. */
    public static final int MAX_EXTRA_OUTPUT = 2 * GCM_TAG_BYTES;

    public static ContentCipher open(ContentEncryptionAlgorithm algorithm, boolean encrypt, byte[] key, byte[] iv,
            byte[] protectedBytes) {
        return algorithm.authenticated()
                ? new Gcm(encrypt, key, iv, CoseEncrypt.encStructure(protectedBytes))
                : new Ctr(encrypt, key, iv);
    }

    /** Processes input, writing output at {@code out[0]}; returns the output length. */
    public abstract int update(byte[] in, int offset, int length, byte[] out);

    /** Ends the pass: writes any remaining output (and on encryption the tag); on decryption checks the tag. */
    public abstract int finish(byte[] out) throws AEADBadTagException;

    private static final class Gcm extends ContentCipher {
        private final GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());

        Gcm(boolean encrypt, byte[] key, byte[] iv, byte[] aad) {
            cipher.init(encrypt, new AEADParameters(new KeyParameter(key), GCM_TAG_BYTES * 8, iv, aad));
        }

        @Override
        public int update(byte[] in, int offset, int length, byte[] out) {
            return cipher.processBytes(in, offset, length, out, 0);
        }

        @Override
        public int finish(byte[] out) throws AEADBadTagException {
            try {
                return cipher.doFinal(out, 0);
            } catch (InvalidCipherTextException e) {
                throw new AEADBadTagException(e.getMessage());
            }
        }
    }

    private static final class Ctr extends ContentCipher {
        private final Cipher cipher;

        Ctr(boolean encrypt, byte[] key, byte[] iv) {
            try {
                cipher = Cipher.getInstance("AES/CTR/NoPadding");
                cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                        new IvParameterSpec(iv));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK cannot run AES-CTR", e);
            }
        }

        @Override
        public int update(byte[] in, int offset, int length, byte[] out) {
            try {
                return cipher.update(in, offset, length, out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("output buffer too small for AES-CTR", e);
            }
        }

        @Override
        public int finish(byte[] out) {
            try {
                return cipher.doFinal(out, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-CTR cannot fail to finish", e);
            }
        }
    }
}
