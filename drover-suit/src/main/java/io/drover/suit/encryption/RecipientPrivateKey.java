package io.drover.suit.encryption;

import io.drover.suit.SecretKeyAccess;
import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;
import io.drover.suit.encryption.internal.Curves;
import io.drover.suit.internal.Pem;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * A device's private key for ECDH-ES key distribution, X25519 or P-256, with its public key. It agrees keys only
 * inside a {@link PayloadDecryptor}; its secret leaves only through {@link #toPkcs8Pem(SecretKeyAccess)}.
 */
public final class RecipientPrivateKey {
    private static final String PEM_LABEL = "PRIVATE KEY";

    private final RecipientCurve curve;
    private final PrivateKey key;
    private final RecipientPublicKey publicKey;

    private RecipientPrivateKey(RecipientCurve curve, PrivateKey key, RecipientPublicKey publicKey) {
        this.curve = curve;
        this.key = key;
        this.publicKey = publicKey;
    }

    public static RecipientPrivateKey generate(RecipientCurve curve) {
        KeyPair pair = Curves.generate(curve);
        return new RecipientPrivateKey(curve, pair.getPrivate(), new RecipientPublicKey(curve, pair.getPublic()));
    }

    /** Reads a PKCS#8 {@code PRIVATE KEY} PEM of an X25519 or P-256 key; {@link SuitErrors#BAD_KEY} otherwise. */
    public static RecipientPrivateKey fromPem(String pkcs8Pem, SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        try {
            Curves.CurveKeyPair pair = Curves.parsePkcs8(Pem.decode(pkcs8Pem, PEM_LABEL));
            return new RecipientPrivateKey(pair.curve(), pair.privateKey(),
                    new RecipientPublicKey(pair.curve(), pair.publicKey()));
        } catch (DroverException e) {
            throw e.errorCode().equals(SuitErrors.BAD_KEY) ? e
                    : new DroverException(SuitErrors.BAD_KEY, e.getMessage(), e);
        }
    }

    public String toPkcs8Pem(SecretKeyAccess access) {
        SecretKeyAccess.require(access);
        return Pem.encode(PEM_LABEL, key.getEncoded());
    }

    public RecipientCurve curve() {
        return curve;
    }

    public RecipientPublicKey publicKey() {
        return publicKey;
    }

    PrivateKey jdkKey() {
        return key;
    }

    @Override
    public String toString() {
        return "RecipientPrivateKey[" + curve + "]";
    }
}
