package io.drover.suit.internal;

import io.drover.suit.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/** The JDK signature primitives behind each {@link SignatureAlgorithm}, in the encodings COSE uses. */
public final class Signatures {
    private Signatures() {
    }

    public static byte[] sign(SignatureAlgorithm algorithm, PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance(jdkName(algorithm));
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            // Keys are checked against their algorithm when loaded, so this is a broken JDK, not bad input.
            throw new IllegalStateException("cannot sign with " + algorithm, e);
        }
    }

    /** Whether {@code signature} is valid; a signature of the wrong shape is simply not valid. */
    public static boolean verify(SignatureAlgorithm algorithm, PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(jdkName(algorithm));
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify with " + algorithm, e);
        }
    }

    private static String jdkName(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            // COSE carries ECDSA signatures as raw r||s (RFC 9053 section 2.1), not DER.
            case ES256 -> "SHA256withECDSAinP1363Format";
            case ED25519 -> "Ed25519";
        };
    }
}
