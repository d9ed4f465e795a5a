package io.drover.suit.encryption;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.suit.SuitErrors;
import io.drover.suit.encryption.internal.ContentCipher;
import io.drover.suit.encryption.internal.CoseEncrypt;
import io.drover.suit.internal.Cbor;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;

/**
 * Decrypts payloads for one key: a group key or a device's private key. Decryption streams in a few KiB of memory and
 * hashes the plaintext in the same pass; the sink commits only after the GCM tag, the size and the digest all pass,
 * and is discarded otherwise, so no caller can take partial or unverified output for an image.
 */
public final class PayloadDecryptor {
    private final Function<CoseEncrypt, byte[]> contentKey;

    private PayloadDecryptor(Function<CoseEncrypt, byte[]> contentKey) {
        this.contentKey = contentKey;
    }

    public static PayloadDecryptor create(GroupKey key) {
        Objects.requireNonNull(key, "key");
        return new PayloadDecryptor(info -> ContentKeys.unwrap(info, key));
    }

    public static PayloadDecryptor create(RecipientPrivateKey key) {
        Objects.requireNonNull(key, "key");
        return new PayloadDecryptor(info -> ContentKeys.unwrap(info, key));
    }

    /**
     * Decrypts {@code ciphertext} (not closed) under {@code encryptionInfo} into {@code sink}. A rejected payload is a
     * {@link Decryption.Discarded} with an {@link EncryptionErrors} code; an I/O failure of the stream or the sink
     * discards the sink and is rethrown.
     */
    public Decryption decrypt(byte[] encryptionInfo, InputStream ciphertext, PlaintextSink sink,
            ExpectedPlaintext expected) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(encryptionInfo, "encryptionInfo");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(expected, "expected");
        try {
            Decryption outcome = run(encryptionInfo, ciphertext, sink, expected);
            if (outcome instanceof Decryption.Discarded) {
                sink.discard();
            } else {
                sink.commit();
            }
            return outcome;
        } catch (DroverException e) {
            sink.discard();
            // the shared CBOR reader reports suit.malformed; here the malformed thing is the encryption info
            boolean cbor = e.errorCode().equals(SuitErrors.MALFORMED);
            return new Decryption.Discarded(cbor ? EncryptionErrors.MALFORMED : e.errorCode(), e.getMessage());
        } catch (IOException | RuntimeException | Error e) {
            sink.discard();
            throw e;
        }
    }

    private Decryption run(byte[] encryptionInfo, InputStream ciphertext, PlaintextSink sink,
            ExpectedPlaintext expected) throws IOException {
        CoseEncrypt info = CoseEncrypt.decode(encryptionInfo);
        CoseEncrypt.Layer content = info.content();
        if (content.ciphertext().isPresent()) {
            throw malformed("SUIT_Encryption_Info must have detached ciphertext (nil)");
        }
        ContentEncryptionAlgorithm algorithm = contentAlgorithm(content);
        if (!algorithm.authenticated() && expected.sha256().isEmpty()) {
            return discarded(EncryptionErrors.UNVERIFIABLE, algorithm + " output needs an expected digest");
        }
        byte[] iv = iv(content, algorithm);
        byte[] cek = contentKey.apply(info);
        if (cek.length != algorithm.keyBytes()) {
            throw malformed("the content key has " + cek.length + " bytes, " + algorithm + " needs " + algorithm.keyBytes());
        }

        ContentCipher cipher = ContentCipher.open(algorithm, false, cek, iv, content.protectedBytes());
        MessageDigest sha256 = PayloadEncryptor.sha256();
        long limit = expected.size().orElse(Long.MAX_VALUE);
        byte[] in = new byte[PayloadEncryptor.BUFFER_BYTES];
        byte[] out = new byte[PayloadEncryptor.BUFFER_BYTES + ContentCipher.MAX_EXTRA_OUTPUT];
        long ciphertextSize = 0;
        long plaintextSize = 0;
        for (int n = ciphertext.read(in); n != -1; n = ciphertext.read(in)) {
            ciphertextSize += n;
            int m = cipher.update(in, 0, n, out);
            plaintextSize += m;
            if (plaintextSize > limit) {
                return discarded(EncryptionErrors.DIGEST_MISMATCH, "the plaintext is longer than the "
                        + limit + " bytes expected");
            }
            sha256.update(out, 0, m);
            sink.write(out, 0, m);
        }
        if (algorithm.authenticated() && ciphertextSize < ContentCipher.GCM_TAG_BYTES) {
            return discarded(EncryptionErrors.TRUNCATED, "the ciphertext is shorter than a GCM tag");
        }
        int m;
        boolean tagMismatch = false;
        try {
            m = cipher.finish(out);
        } catch (AEADBadTagException e) {
            m = 0;
            tagMismatch = true;
        }
        plaintextSize += tagMismatch ? 0 : m;
        if (plaintextSize < limit && expected.size().isPresent()) {
            return discarded(EncryptionErrors.TRUNCATED, "the ciphertext ends after " + plaintextSize + " of "
                    + limit + " plaintext bytes");
        }
        if (tagMismatch) {
            return discarded(EncryptionErrors.TAG_MISMATCH, "the AES-GCM tag does not match");
        }
        if (plaintextSize > limit) {
            return discarded(EncryptionErrors.DIGEST_MISMATCH, "the plaintext is longer than the " + limit
                    + " bytes expected");
        }
        sha256.update(out, 0, m);
        sink.write(out, 0, m);
        byte[] digest = sha256.digest();
        if (expected.sha256().isPresent() && !MessageDigest.isEqual(digest, expected.sha256().get())) {
            return discarded(EncryptionErrors.DIGEST_MISMATCH, "the plaintext does not match the expected SHA-256");
        }
        return new Decryption.Committed(digest, plaintextSize);
    }

    /**
     * The content algorithm where RFC 9052 and RFC 9459 put it: an AEAD's in the protected header, AES-CTR's in the
     * unprotected header with an empty protected header. Anything else could let an attacker swap algorithms.
     */
    private static ContentEncryptionAlgorithm contentAlgorithm(CoseEncrypt.Layer content) {
        if (content.hasCriticalHeaders()) {
            throw new DroverException(EncryptionErrors.UNSUPPORTED_ALGORITHM,
                    "COSE_Encrypt marks headers critical, which Drover does not understand");
        }
        CBORObject alg = content.header(CoseEncrypt.ALG);
        if (alg == null) {
            throw malformed("COSE_Encrypt has no alg header");
        }
        ContentEncryptionAlgorithm algorithm = content.algorithm().flatMap(ContentEncryptionAlgorithm::ofCoseId)
                .orElseThrow(() -> new DroverException(EncryptionErrors.UNSUPPORTED_ALGORITHM,
                        "content encryption algorithm " + Cbor.abbreviate(alg) + " is not supported"));
        boolean isProtected = Cbor.optional(content.protectedHeaders(), CoseEncrypt.ALG) != null;
        if (algorithm.authenticated() != isProtected) {
            throw malformed(algorithm + " must be in the " + (algorithm.authenticated() ? "protected" : "unprotected")
                    + " header");
        }
        if (!algorithm.authenticated() && content.protectedBytes().length != 0) {
            throw malformed(algorithm + " needs an empty protected header (RFC 9459)");
        }
        return algorithm;
    }

    private static byte[] iv(CoseEncrypt.Layer content, ContentEncryptionAlgorithm algorithm) {
        if (content.header(CoseEncrypt.PARTIAL_IV) != null) {
            throw new DroverException(EncryptionErrors.UNSUPPORTED_ALGORITHM, "Partial IV is not supported");
        }
        CBORObject iv = content.header(CoseEncrypt.IV);
        if (iv == null) {
            throw malformed("COSE_Encrypt has no IV");
        }
        byte[] bytes = Cbor.bytes(iv, "IV");
        if (bytes.length != algorithm.ivBytes()) {
            throw malformed(algorithm + " needs a " + algorithm.ivBytes() + "-byte IV, got " + bytes.length);
        }
        return bytes;
    }

    private static Decryption discarded(ErrorCode reason, String message) {
        return new Decryption.Discarded(reason, message);
    }

    private static DroverException malformed(String message) {
        return new DroverException(EncryptionErrors.MALFORMED, message);
    }
}
