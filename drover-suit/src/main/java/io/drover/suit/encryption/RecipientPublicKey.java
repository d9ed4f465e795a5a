package io.drover.suit.encryption;

import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;
import io.drover.suit.encryption.internal.Curves;
import io.drover.suit.internal.Pem;
import java.security.PublicKey;
import java.util.Arrays;

/** A device's public key for ECDH-ES key distribution, X25519 or P-256; the curve is fixed by the key. */
public final class RecipientPublicKey {
    private static final String PEM_LABEL = "PUBLIC KEY";

    private final RecipientCurve curve;
    private final PublicKey key;

    RecipientPublicKey(RecipientCurve curve, PublicKey key) {
        this.curve = curve;
        this.key = key;
    }

    /** Reads a {@code -----BEGIN PUBLIC KEY-----} (SubjectPublicKeyInfo) PEM; {@link SuitErrors#BAD_KEY} otherwise. */
    public static RecipientPublicKey fromPem(String pem) {
        try {
            PublicKey key = Curves.parseSpki(Pem.decode(pem, PEM_LABEL));
            return new RecipientPublicKey(Curves.curveOf(key), key);
        } catch (DroverException e) {
            throw e.errorCode().equals(SuitErrors.BAD_KEY) ? e
                    : new DroverException(SuitErrors.BAD_KEY, e.getMessage(), e);
        }
    }

    public String toPem() {
        return Pem.encode(PEM_LABEL, key.getEncoded());
    }

    public RecipientCurve curve() {
        return curve;
    }

    PublicKey jdkKey() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecipientPublicKey other && Arrays.equals(key.getEncoded(), other.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key.getEncoded());
    }

    @Override
    public String toString() {
        return "RecipientPublicKey[" + curve + "]";
    }
}
