package io.drover.suit.internal;

import io.drover.error.DroverException;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SuitErrors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import javax.crypto.KeyAgreement;

/**
 * Computes the public key of a private key, which the JDK has no API for, from public JDK primitives only.
 *
 * <p>A key agreement with the curve's base point yields the public point's x (P-256, ECDH) or Montgomery u
 * (Ed25519, X25519 with the Ed25519 secret scalar, whose clamping is the same). That fixes the point up to one sign
 * bit; a test signature picks the candidate that matches. The scalar multiplication stays inside the JDK's
 * constant-time code.
 */
final class PublicKeyDerivation {
    private static final BigInteger ED25519_P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    private static final byte[] PROBE = "drover public key derivation probe".getBytes(StandardCharsets.US_ASCII);

    private PublicKeyDerivation() {
    }

    static PublicKey derive(SignatureAlgorithm algorithm, PrivateKey privateKey) {
        List<PublicKey> candidates;
        try {
            candidates = switch (algorithm) {
                case ES256 -> p256Candidates((ECPrivateKey) privateKey);
                case ED25519 -> ed25519Candidates((EdECPrivateKey) privateKey);
            };
        } catch (GeneralSecurityException e) {
            throw new DroverException(SuitErrors.BAD_KEY, "cannot compute the public key of this private key", e);
        }
        byte[] signature = Signatures.sign(algorithm, privateKey, PROBE);
        return candidates.stream()
                .filter(candidate -> Signatures.verify(algorithm, candidate, PROBE, signature))
                .findFirst()
                .orElseThrow(() -> new DroverException(SuitErrors.BAD_KEY, "private key does not match any public key"));
    }

    private static List<PublicKey> p256Candidates(ECPrivateKey privateKey) throws GeneralSecurityException {
        ECParameterSpec params = KeyCodec.p256Parameters();
        KeyFactory factory = KeyFactory.getInstance("EC");
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(privateKey);
        agreement.doPhase(factory.generatePublic(new ECPublicKeySpec(params.getGenerator(), params)), true);
        BigInteger x = new BigInteger(1, agreement.generateSecret());
        BigInteger p = ((java.security.spec.ECFieldFp) params.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        // p = 3 (mod 4), so a square root of rhs is rhs^((p+1)/4).
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
        return List.of(
                factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params)),
                factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, p.subtract(y)), params)));
    }

    private static List<PublicKey> ed25519Candidates(EdECPrivateKey privateKey) throws GeneralSecurityException {
        byte[] seed = privateKey.getBytes().orElseThrow(() -> new GeneralSecurityException("private key hides its bytes"));
        byte[] scalar = Arrays.copyOf(MessageDigest.getInstance("SHA-512").digest(seed), 32);
        KeyFactory xdh = KeyFactory.getInstance("XDH");
        KeyAgreement agreement = KeyAgreement.getInstance("XDH");
        agreement.init(xdh.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar)));
        agreement.doPhase(xdh.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9))), true);
        BigInteger u = littleEndian(agreement.generateSecret());
        // RFC 7748 section 4.1: y = (u - 1) / (u + 1) on edwards25519.
        BigInteger y = u.subtract(BigInteger.ONE).multiply(u.add(BigInteger.ONE).modInverse(ED25519_P)).mod(ED25519_P);
        KeyFactory ed = KeyFactory.getInstance("Ed25519");
        return List.of(
                ed.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(false, y))),
                ed.generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(true, y))));
    }

    private static BigInteger littleEndian(byte[] bytes) {
        byte[] bigEndian = bytes.clone();
        for (int i = 0; i < bigEndian.length / 2; i++) {
            byte b = bigEndian[i];
            bigEndian[i] = bigEndian[bigEndian.length - 1 - i];
            bigEndian[bigEndian.length - 1 - i] = b;
        }
        return new BigInteger(1, bigEndian);
    }
}
