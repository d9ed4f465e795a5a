package io.drover.suit.internal;

import io.drover.error.DroverException;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SuitErrors;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns DER key encodings into JDK keys of a {@link SignatureAlgorithm}, accepting only P-256 and Ed25519, and
 * generates fresh key pairs.
 */
public final class KeyCodec {
    /** A JDK private key together with the algorithm it is bound to. */
    public record TypedPrivateKey(SignatureAlgorithm algorithm, PrivateKey key) {
        /** The matching public key (the JDK cannot tell it from a private key alone). */
        public PublicKey publicKey() {
            return PublicKeyDerivation.derive(algorithm, key);
        }
    }

    /** A JDK public key together with the algorithm it is bound to. */
    public record TypedPublicKey(SignatureAlgorithm algorithm, PublicKey key) {
    }

    private static final ECParameterSpec P256 = p256();

    private KeyCodec() {
    }

    public static KeyPair generate(SignatureAlgorithm algorithm) {
        try {
            return switch (algorithm) {
                case ES256 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    yield generator.generateKeyPair();
                }
                case ED25519 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
                    generator.initialize(NamedParameterSpec.ED25519);
                    yield generator.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + algorithm + " keys", e);
        }
    }

    /** A PKCS#8 P-256 or Ed25519 private key; BAD_KEY for anything else. */
    public static TypedPrivateKey parsePkcs8(byte[] der) {
        var spec = new PKCS8EncodedKeySpec(der);
        return parse(spec, f -> f::generatePrivate, TypedPrivateKey::new, "PKCS#8 private key");
    }

    /** An X.509 SubjectPublicKeyInfo P-256 or Ed25519 public key; BAD_KEY for anything else. */
    public static TypedPublicKey parseSpki(byte[] der) {
        var spec = new X509EncodedKeySpec(der);
        return parse(spec, f -> f::generatePublic, TypedPublicKey::new, "SubjectPublicKeyInfo public key");
    }

    /** Generates a key from a spec with one JDK key factory call. */
    private interface Generate<K> {
        K apply(KeySpec spec) throws GeneralSecurityException;
    }

    private static <K extends Key, T> T parse(KeySpec spec, Function<KeyFactory, Generate<K>> generator,
            BiFunction<SignatureAlgorithm, K, T> typed, String what) {
        for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
            K key;
            try {
                key = generator.apply(KeyFactory.getInstance(jdkKeyAlgorithm(algorithm))).apply(spec);
            } catch (GeneralSecurityException | RuntimeException e) {
                continue; // not a key of this algorithm (or not even DER); try the next one
            }
            if (algorithm == SignatureAlgorithm.ES256 && !isP256((ECKey) key)) {
                throw new DroverException(SuitErrors.BAD_KEY, "EC key is not on P-256 (secp256r1)");
            }
            return typed.apply(algorithm, key);
        }
        throw new DroverException(SuitErrors.BAD_KEY, "not a P-256 or Ed25519 " + what);
    }

    private static String jdkKeyAlgorithm(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case ES256 -> "EC";
            case ED25519 -> "Ed25519";
        };
    }

    static ECParameterSpec p256Parameters() {
        return P256;
    }

    private static boolean isP256(ECKey key) {
        ECParameterSpec params = key.getParams();
        return params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder())
                && params.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not know secp256r1", e);
        }
    }
}
