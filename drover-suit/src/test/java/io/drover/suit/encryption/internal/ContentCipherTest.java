package io.drover.suit.encryption.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming GCM decryption (CTR plus re-encryption for the tag) against BouncyCastle's GCM, an independent
 * implementation, for message lengths around block and tag boundaries and input split at every kind of place.
 */
class ContentCipherTest {
    private static final byte[] PROTECTED = {(byte) 0xA1, 0x01, 0x01};

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 15, 16, 17, 31, 4096, 8192})
    void decryptsWhatBouncyCastleGcmEncryptedInAnyChunking(int chunk) throws Exception {
        var random = new Random(chunk);
        for (int length : new int[] {0, 1, 15, 16, 17, 32, 33, 1000, 20_000}) {
            byte[] key = bytes(random, 32);
            byte[] iv = bytes(random, 12);
            byte[] plaintext = bytes(random, length);
            byte[] ciphertext = bouncyCastleGcm(key, iv, plaintext);

            byte[] decrypted = stream(ContentCipher.open(ContentEncryptionAlgorithm.A256GCM, false, key, iv, PROTECTED),
                    ciphertext, chunk);

            assertThat(decrypted).as("length %d", length).isEqualTo(plaintext);
        }
    }

    @Test
    void encryptsWhatBouncyCastleGcmEncrypts() throws Exception {
        var random = new Random(7);
        byte[] key = bytes(random, 16);
        byte[] iv = bytes(random, 12);
        byte[] plaintext = bytes(random, 12_345);

        byte[] ciphertext = stream(ContentCipher.open(ContentEncryptionAlgorithm.A128GCM, true, key, iv, PROTECTED),
                plaintext, 1000);

        assertThat(ciphertext).isEqualTo(bouncyCastleGcm(key, iv, plaintext));
    }

    @Test
    void refusesEveryAlteredByteIncludingTheTag() throws Exception {
        var random = new Random(3);
        byte[] key = bytes(random, 16);
        byte[] iv = bytes(random, 12);
        byte[] ciphertext = bouncyCastleGcm(key, iv, bytes(random, 40));

        for (int i = 0; i < ciphertext.length; i++) {
            byte[] altered = ciphertext.clone();
            altered[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> stream(
                    ContentCipher.open(ContentEncryptionAlgorithm.A128GCM, false, key, iv, PROTECTED), altered, 7))
                    .as("byte %d", i).isInstanceOf(AEADBadTagException.class);
        }
    }

    private static byte[] stream(ContentCipher cipher, byte[] input, int chunk) throws AEADBadTagException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[chunk + ContentCipher.MAX_EXTRA_OUTPUT];
        for (int offset = 0; offset < input.length; offset += chunk) {
            int n = cipher.update(input, offset, Math.min(chunk, input.length - offset), buffer);
            out.write(buffer, 0, n);
        }
        int n = cipher.finish(buffer);
        out.write(buffer, 0, n);
        return out.toByteArray();
    }

    private static byte[] bouncyCastleGcm(byte[] key, byte[] iv, byte[] plaintext) throws Exception {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(key), 128, iv, CoseEncrypt.encStructure(PROTECTED)));
        byte[] out = new byte[gcm.getOutputSize(plaintext.length)];
        int n = gcm.processBytes(plaintext, 0, plaintext.length, out, 0);
        gcm.doFinal(out, n);
        return out;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
