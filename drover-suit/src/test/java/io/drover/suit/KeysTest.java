package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SigningKey} and {@link VerificationKey}: generation, PEM, key ids and refusal of other keys. */
class KeysTest {

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void roundTripsSigningKeyThroughPkcs8Pem(SignatureAlgorithm algorithm) {
        SigningKey key = SigningKey.generate(algorithm);

        SigningKey reread = SigningKey.fromPem(key.toPkcs8Pem());

        assertThat(key.toPkcs8Pem()).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(reread.algorithm()).isEqualTo(algorithm);
        assertThat(reread.verificationKey()).isEqualTo(key.verificationKey());
        assertThat(reread.toPkcs8Pem()).isEqualTo(key.toPkcs8Pem());
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void roundTripsVerificationKeyThroughPem(SignatureAlgorithm algorithm) {
        VerificationKey key = SigningKey.generate(algorithm).verificationKey();

        VerificationKey reread = VerificationKey.fromPem(key.toPem());

        assertThat(reread).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(reread.algorithm()).isEqualTo(algorithm);
        assertThat(reread.keyId()).isEqualTo(key.keyId());
    }

    @Test
    void derivesTheDraftExamplePublicKeyFromItsPrivateKey() {
        // draft-ietf-suit-manifest-37 appendix: the example P-256 key pair (vectors/suit/example-signing-key-p256.*)
        SigningKey key = SigningKey.fromPem(Vectors.text("suit/example-signing-key-p256.private.pem"));

        assertThat(key.algorithm()).isEqualTo(SignatureAlgorithm.ES256);
        assertThat(key.verificationKey()).isEqualTo(Vectors.exampleKey());
    }

    @Test
    void derivesRfc8032TestKeyOnePublicKey() {
        // RFC 8032 section 7.1 TEST 1 (also cose-wg eddsa-sig-01): secret 9d61b1..., public d75a98...
        byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        SigningKey key = SigningKey.fromPem(pem("PRIVATE KEY", pkcs8));

        byte[] spki = pemBody(key.verificationKey().toPem());
        assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(spki, 12, 44)))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    }

    @Test
    void namesKeyByFirstEightBytesOfSpkiHash() throws Exception {
        VerificationKey key = Vectors.exampleKey();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(pemBody(key.toPem()));

        assertThat(key.keyId()).isEqualTo(HexFormat.of().formatHex(hash, 0, 8)).matches("[0-9a-f]{16}");
    }

    @Test
    void fingerprintIsTheWholeSpkiHash() throws Exception {
        VerificationKey key = Vectors.exampleKey();
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(pemBody(key.toPem()));

        assertThat(key.fingerprint()).isEqualTo(HexFormat.of().formatHex(hash)).startsWith(key.keyId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"})
    void refusesGarbageAsSigningKey(String pem) {
        assertBadKey(() -> SigningKey.fromPem(pem));
    }

    @Test
    void refusesKeysOfOtherKindsAndCurves() throws Exception {
        var p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        var p384Pair = p384.generateKeyPair();
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024); // size does not matter here, speed does
        var rsaPair = rsa.generateKeyPair();
        var ed448Pair = KeyPairGenerator.getInstance("Ed448").generateKeyPair();

        assertBadKey(() -> SigningKey.fromPem(pem("PRIVATE KEY", p384Pair.getPrivate().getEncoded())));
        assertBadKey(() -> SigningKey.fromPem(pem("PRIVATE KEY", rsaPair.getPrivate().getEncoded())));
        assertBadKey(() -> SigningKey.fromPem(pem("PRIVATE KEY", ed448Pair.getPrivate().getEncoded())));
        assertBadKey(() -> VerificationKey.fromPem(pem("PUBLIC KEY", p384Pair.getPublic().getEncoded())));
        assertBadKey(() -> VerificationKey.fromPem(pem("PUBLIC KEY", rsaPair.getPublic().getEncoded())));
        assertBadKey(() -> VerificationKey.fromPem(pem("PUBLIC KEY", ed448Pair.getPublic().getEncoded())));
    }

    @Test
    void refusesPublicKeyWhereAPrivateKeyBelongsAndViceVersa() {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ES256);

        assertBadKey(() -> SigningKey.fromPem(key.verificationKey().toPem()));
        assertBadKey(() -> VerificationKey.fromPem(key.toPkcs8Pem()));
    }

    @Test
    void keepsTheSecretOutOfToString() {
        SigningKey key = SigningKey.generate(SignatureAlgorithm.ED25519);
        String body = key.toPkcs8Pem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();

        assertThat(key.toString()).doesNotContain(body).contains(key.verificationKey().keyId());
    }

    private static void assertBadKey(Runnable action) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(DroverException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SuitErrors.BAD_KEY));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label
                + "-----\n";
    }

    private static byte[] pemBody(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
