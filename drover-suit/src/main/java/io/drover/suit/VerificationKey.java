package io.drover.suit;

import io.drover.suit.internal.KeyCodec;
import io.drover.suit.internal.Pem;
import io.drover.suit.internal.Signatures;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A public key bound to its {@link SignatureAlgorithm}: P-256 for ES256, or Ed25519. Equal when the encoded
 * SubjectPublicKeyInfo is equal.
 */
public final class VerificationKey {
    private static final String PEM_LABEL = "PUBLIC KEY";
    private static final int KEY_ID_BYTES = 8;

    private final SignatureAlgorithm algorithm;
    private final PublicKey key;
    private final byte[] spki;
    private final byte[] keyId;

    private VerificationKey(SignatureAlgorithm algorithm, PublicKey key) {
        this.algorithm = algorithm;
        this.key = key;
        this.spki = key.getEncoded();
        this.keyId = Arrays.copyOf(sha256(spki), KEY_ID_BYTES);
    }

    /** Reads a {@code -----BEGIN PUBLIC KEY-----} PEM; {@link SuitErrors#BAD_KEY} unless it holds a P-256 or Ed25519 key. */
    public static VerificationKey fromPem(String spkiPem) {
        KeyCodec.TypedPublicKey parsed = KeyCodec.parseSpki(Pem.decode(spkiPem, PEM_LABEL));
        return new VerificationKey(parsed.algorithm(), parsed.key());
    }

    /** Reads a DER SubjectPublicKeyInfo (what a DTLS raw public key is); {@link SuitErrors#BAD_KEY} as for PEM. */
    public static VerificationKey fromSpki(byte[] der) {
        KeyCodec.TypedPublicKey parsed = KeyCodec.parseSpki(der);
        return new VerificationKey(parsed.algorithm(), parsed.key());
    }

    static VerificationKey of(SignatureAlgorithm algorithm, PublicKey key) {
        return new VerificationKey(algorithm, key);
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The JDK key, for a library that verifies with it itself (a DTLS handshake). */
    public PublicKey publicKey() {
        return key;
    }

    public String toPem() {
        return Pem.encode(PEM_LABEL, spki);
    }

    /** Lowercase hex of the first 8 bytes of SHA-256 over the encoded SubjectPublicKeyInfo. */
    public String keyId() {
        return HexFormat.of().formatHex(keyId);
    }

    /**
     * Lowercase hex of SHA-256 over the encoded SubjectPublicKeyInfo: the whole digest, for a person comparing a key
     * shown in two places (the {@link #keyId()} is its first 8 bytes).
     */
    public String fingerprint() {
        return HexFormat.of().formatHex(sha256(spki));
    }

    /** The key id as the bytes Drover writes into a COSE {@code kid} header. */
    byte[] keyIdBytes() {
        return keyId.clone();
    }

    boolean verifies(byte[] data, byte[] signature) {
        return Signatures.verify(algorithm, key, data, signature);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationKey other && Arrays.equals(spki, other.spki);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(spki);
    }

    @Override
    public String toString() {
        return "VerificationKey[" + algorithm + ", keyId=" + keyId() + "]";
    }
}
