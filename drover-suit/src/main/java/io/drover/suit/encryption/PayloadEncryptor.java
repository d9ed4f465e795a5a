package io.drover.suit.encryption;

import com.upokecenter.cbor.CBORObject;
import io.drover.suit.encryption.internal.ContentCipher;
import io.drover.suit.encryption.internal.CoseEncrypt;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import javax.crypto.AEADBadTagException;

/**
 * Encrypts payloads with one content algorithm for a fixed list of recipients. Every {@link #encrypt} draws a fresh
 * content key and IV, so no key/IV pair is ever used twice (which would break both GCM and CTR).
 */
public final class PayloadEncryptor {
    static final int BUFFER_BYTES = 8192;

    private final ContentEncryptionAlgorithm algorithm;
    private final List<Recipient> recipients;
    private final SecureRandom random;

    private PayloadEncryptor(ContentEncryptionAlgorithm algorithm, List<Recipient> recipients, SecureRandom random) {
        this.algorithm = algorithm;
        this.recipients = recipients;
        this.random = random;
    }

    public static PayloadEncryptor create(ContentEncryptionAlgorithm algorithm, List<Recipient> recipients) {
        return create(algorithm, recipients, new SecureRandom());
    }

    /** An encryptor for at least one recipient, drawing keys and IVs from {@code random}. */
    public static PayloadEncryptor create(ContentEncryptionAlgorithm algorithm, List<Recipient> recipients,
            SecureRandom random) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(random, "random");
        List<Recipient> copy = List.copyOf(recipients);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a payload needs at least one recipient");
        }
        return new PayloadEncryptor(algorithm, copy, random);
    }

    public ContentEncryptionAlgorithm algorithm() {
        return algorithm;
    }

    /** Streams {@code plaintext} to {@code ciphertext} in a few KiB of memory; neither stream is closed. */
    public EncryptedPayload encrypt(InputStream plaintext, OutputStream ciphertext) throws IOException {
        byte[] cek = new byte[algorithm.keyBytes()];
        random.nextBytes(cek);
        byte[] iv = new byte[algorithm.ivBytes()];
        random.nextBytes(iv);

        byte[] protectedBytes;
        CBORObject unprotected = CBORObject.NewOrderedMap();
        if (algorithm.authenticated()) {
            protectedBytes = CBORObject.NewOrderedMap().Add(CoseEncrypt.ALG, algorithm.coseId()).EncodeToBytes();
        } else {
            protectedBytes = new byte[0];
            unprotected.Add(CoseEncrypt.ALG, algorithm.coseId());
        }
        unprotected.Add(CoseEncrypt.IV, iv);

        ContentCipher cipher = ContentCipher.open(algorithm, true, cek, iv, protectedBytes);
        MessageDigest sha256 = sha256();
        byte[] in = new byte[BUFFER_BYTES];
        byte[] out = new byte[BUFFER_BYTES + ContentCipher.MAX_EXTRA_OUTPUT];
        long plaintextSize = 0;
        long ciphertextSize = 0;
        for (int n = plaintext.read(in); n != -1; n = plaintext.read(in)) {
            sha256.update(in, 0, n);
            plaintextSize += n;
            int m = cipher.update(in, 0, n, out);
            ciphertext.write(out, 0, m);
            ciphertextSize += m;
        }
        int m;
        try {
            m = cipher.finish(out);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("encryption cannot fail a tag check", e);
        }
        ciphertext.write(out, 0, m);
        ciphertextSize += m;

        List<CBORObject> wrapped = recipients.stream().map(r -> ContentKeys.wrap(r, cek)).toList();
        byte[] info = CoseEncrypt.encodeDetached(protectedBytes, unprotected, wrapped);
        return new EncryptedPayload(info, sha256.digest(), plaintextSize, ciphertextSize);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
