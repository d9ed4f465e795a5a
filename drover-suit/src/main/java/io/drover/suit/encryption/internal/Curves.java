package io.drover.suit.encryption.internal;

import io.drover.error.DroverException;
import io.drover.suit.encryption.EncryptionErrors;
import io.drover.suit.encryption.RecipientCurve;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * JDK keys on the two recipient curves: generation, DER parsing with a curve check, raw coordinates for COSE_Key,
 * public-key derivation, and the ECDH shared secret. BouncyCastle only does the point arithmetic the JDK hides.
 */
public final class Curves {
    public static final int COORDINATE_BYTES = 32;
    /** The SubjectPublicKeyInfo DER of an X25519 key before its 32 raw bytes (RFC 8410). */
    private static final byte[] X25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b656e032100");
    private static final X9ECParameters P256_BC = CustomNamedCurves.getByName("secp256r1");
    private static final ECParameterSpec P256 = p256();

    /** A JDK key pair on a named curve. */
    public record CurveKeyPair(RecipientCurve curve, PrivateKey privateKey, PublicKey publicKey) {
    }

    private Curves() {
    }

    public static KeyPair generate(RecipientCurve curve) {
        try {
            return switch (curve) {
                case X25519 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
                    yield generator.generateKeyPair();
                }
                case P256 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    yield generator.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + curve + " keys", e);
        }
    }

    /** A PKCS#8 X25519 or P-256 private key with its public key; MALFORMED for anything else. */
    public static CurveKeyPair parsePkcs8(byte[] der) {
        var spec = new PKCS8EncodedKeySpec(der);
        try {
            PrivateKey key = KeyFactory.getInstance("XDH").generatePrivate(spec);
            if (key instanceof XECPrivateKey xec && isX25519(xec.getParams())) {
                byte[] scalar = xec.getScalar().orElseThrow(() -> malformed("X25519 private key without its scalar"));
                byte[] publicRaw = new byte[X25519.POINT_SIZE];
                X25519.generatePublicKey(scalar, 0, publicRaw, 0);
                return new CurveKeyPair(RecipientCurve.X25519, key, x25519Public(publicRaw));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // not an X25519 key; try P-256
        }
        try {
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(spec);
            if (key instanceof ECPrivateKey ec && isP256(ec.getParams())) {
                var q = P256_BC.getG().multiply(ec.getS()).normalize();
                return new CurveKeyPair(RecipientCurve.P256, key,
                        p256Public(q.getAffineXCoord().getEncoded(), q.getAffineYCoord().getEncoded()));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // not a P-256 key either
        }
        throw malformed("not an X25519 or P-256 PKCS#8 private key");
    }

    /** An X.509 SubjectPublicKeyInfo X25519 or P-256 public key; MALFORMED for anything else. */
    public static PublicKey parseSpki(byte[] der) {
        var spec = new X509EncodedKeySpec(der);
        for (String algorithm : new String[] {"XDH", "EC"}) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(spec);
                curveOf(key);
                return key;
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next key type
            }
        }
        throw malformed("not an X25519 or P-256 SubjectPublicKeyInfo public key");
    }

    public static RecipientCurve curveOf(PublicKey key) {
        if (key instanceof XECPublicKey xec && isX25519(xec.getParams())) {
            return RecipientCurve.X25519;
        }
        if (key instanceof ECPublicKey ec && isP256(ec.getParams())) {
            return RecipientCurve.P256;
        }
        throw malformed("not an X25519 or P-256 key");
    }

    public static PublicKey x25519Public(byte[] raw) {
        if (raw.length != X25519.POINT_SIZE) {
            throw malformed("an X25519 public key has 32 bytes, got " + raw.length);
        }
        byte[] der = Arrays.copyOf(X25519_SPKI_PREFIX, X25519_SPKI_PREFIX.length + raw.length);
        System.arraycopy(raw, 0, der, X25519_SPKI_PREFIX.length, raw.length);
        try {
            return KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new DroverException(EncryptionErrors.MALFORMED, "not an X25519 public key", e);
        }
    }

    /** A P-256 public key from affine coordinates, refused unless the point is on the curve (no invalid-curve attack). */
    public static PublicKey p256Public(byte[] x, byte[] y) {
        if (x.length != COORDINATE_BYTES || y.length != COORDINATE_BYTES) {
            throw malformed("P-256 coordinates have 32 bytes");
        }
        BigInteger bx = new BigInteger(1, x);
        BigInteger by = new BigInteger(1, y);
        ECCurve curve = P256_BC.getCurve();
        // createPoint does not check the point (validatePoint would throw instead); isValid does
        if (!curve.isValidFieldElement(bx) || !curve.isValidFieldElement(by) || !curve.createPoint(bx, by).isValid()) {
            throw malformed("the point is not on P-256");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(bx, by), P256));
        } catch (GeneralSecurityException e) {
            throw new DroverException(EncryptionErrors.MALFORMED, "not a P-256 public key", e);
        }
    }

    /** The raw X25519 public key, or the P-256 x then y coordinate, each 32 bytes. */
    public static byte[][] coordinates(PublicKey key) {
        return switch (curveOf(key)) {
            case X25519 -> {
                byte[] der = key.getEncoded();
                yield new byte[][] {Arrays.copyOfRange(der, der.length - X25519.POINT_SIZE, der.length)};
            }
            case P256 -> {
                ECPoint w = ((ECPublicKey) key).getW();
                yield new byte[][] {fixed(w.getAffineX()), fixed(w.getAffineY())};
            }
        };
    }

    /** The ECDH shared secret Z; MALFORMED when the peer key is degenerate (e.g. an X25519 small-order point). */
    public static byte[] agree(RecipientCurve curve, PrivateKey own, PublicKey peer) {
        try {
            KeyAgreement agreement = KeyAgreement.getInstance(curve == RecipientCurve.X25519 ? "X25519" : "ECDH");
            agreement.init(own);
            agreement.doPhase(peer, true);
            return agreement.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new DroverException(EncryptionErrors.MALFORMED, "key agreement refused the ephemeral key", e);
        }
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[COORDINATE_BYTES];
        int length = Math.min(bytes.length, COORDINATE_BYTES);
        System.arraycopy(bytes, bytes.length - length, out, COORDINATE_BYTES - length, length);
        return out;
    }

    private static boolean isX25519(java.security.spec.AlgorithmParameterSpec params) {
        return params instanceof NamedParameterSpec named && named.getName().equalsIgnoreCase("X25519");
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder());
    }

    private static ECParameterSpec p256() {
        try {
            var parameters = java.security.AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not know secp256r1", e);
        }
    }

    private static DroverException malformed(String message) {
        return new DroverException(EncryptionErrors.MALFORMED, message);
    }
}
