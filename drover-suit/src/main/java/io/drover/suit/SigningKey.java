package io.drover.suit;

import io.drover.suit.internal.KeyCodec;
import io.drover.suit.internal.Pem;
import io.drover.suit.internal.Signatures;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * A private key bound to its {@link SignatureAlgorithm}. It signs only through a {@link ManifestSigner}; its secret
 * leaves the object only through {@link #toPkcs8Pem()} and {@link #privateKey(SecretKeyAccess)}, so every place that
 * writes a key file or hands the key to another library can be found.
 */
public final class SigningKey {
    private static final String PEM_LABEL = "PRIVATE KEY";

    private final SignatureAlgorithm algorithm;
    private final PrivateKey key;
    private final VerificationKey verificationKey;

    private SigningKey(SignatureAlgorithm algorithm, PrivateKey key, VerificationKey verificationKey) {
        this.algorithm = algorithm;
        this.key = key;
        this.verificationKey = verificationKey;
    }

    /** A fresh random key: P-256 for ES256, Ed25519 for ED25519. */
    public static SigningKey generate(SignatureAlgorithm algorithm) {
        KeyPair pair = KeyCodec.generate(algorithm);
        return new SigningKey(algorithm, pair.getPrivate(), VerificationKey.of(algorithm, pair.getPublic()));
    }

    /** Reads a {@code -----BEGIN PRIVATE KEY-----} (PKCS#8) PEM; {@link SuitErrors#BAD_KEY} unless P-256 or Ed25519. */
    public static SigningKey fromPem(String pkcs8Pem) {
        KeyCodec.TypedPrivateKey parsed = KeyCodec.parsePkcs8(Pem.decode(pkcs8Pem, PEM_LABEL));
        return new SigningKey(parsed.algorithm(), parsed.key(),
                VerificationKey.of(parsed.algorithm(), parsed.publicKey()));
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public VerificationKey verificationKey() {
        return verificationKey;
    }

    /** The secret key as PKCS#8 PEM, for writing a key file. */
    public String toPkcs8Pem() {
        return Pem.encode(PEM_LABEL, key.getEncoded());
    }

    /** The JDK key, for a library that signs with it itself (a DTLS handshake proving the server's raw public key). */
    public PrivateKey privateKey(SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        return key;
    }

    byte[] sign(byte[] data) {
        return Signatures.sign(algorithm, key, data);
    }

    @Override
    public String toString() {
        return "SigningKey[" + algorithm + ", keyId=" + verificationKey.keyId() + "]";
    }
}
