package io.drover.suit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SuitErrors;
import io.drover.suit.Vectors;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * COSE_Sign1 against the cose-wg/Examples vectors (commit 53c9d63, see vectors/cose/README.md): attached payloads,
 * external_aad where the vector gives one, the key from the vector's JWK.
 */
class CoseSign1Test {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410); the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** The outcome of checking one vector; a Drover verifier maps these to Verified or Rejected. */
    private enum Outcome { VERIFIED, BAD_SIGNATURE, UNSUPPORTED_ALGORITHM, MALFORMED }

    @ParameterizedTest
    @ValueSource(strings = {"sign1-tests_sign-pass-02", "sign1-tests_sign-pass-03", "ecdsa-examples_ecdsa-sig-01",
            "RFC8152_Appendix_C_2_1", "eddsa-examples_eddsa-sig-01"})
    void verifiesPassingVectorOverTheSameBytesCoseWgSigned(String name) {
        JsonNode vector = vector(name);
        var signed = new AtomicReference<byte[]>();

        assertThat(check(vector, signed)).isEqualTo(Outcome.VERIFIED);
        assertThat(signed.get()).isEqualTo(HexFormat.of().parseHex(vector.at("/intermediates/ToBeSign_hex").asText()));
    }

    @Test
    void acceptsUntaggedMessageOnlyWhereTheContextKnowsTheType() {
        // sign-pass-03: a valid COSE_Sign1 without tag 18
        CBORObject untagged = CBORObject.DecodeFromBytes(cbor(vector("sign1-tests_sign-pass-03")));

        assertThat(CoseSign1.decode(untagged, false).supportedAlgorithm()).contains(SignatureAlgorithm.ES256);
        assertThatThrownBy(() -> CoseSign1.decode(untagged, true)).isInstanceOf(DroverException.class);
    }

    @Test
    void rejectsWrongTagEvenThoughTheSignatureMathHolds() {
        // sign-fail-01: tag 998 instead of 18
        assertThat(check(vector("sign1-tests_sign-fail-01"), new AtomicReference<>())).isEqualTo(Outcome.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // sign-fail-02: the README says "signature byte changed"; the hex shows the payload's last byte 2E -> 2F
            "sign1-tests_sign-fail-02",
            // sign-fail-06: protected ctyp added after signing; sign-fail-07: protected ctyp removed after signing
            "sign1-tests_sign-fail-06", "sign1-tests_sign-fail-07"})
    void rejectsMessageChangedAfterSigning(String name) {
        assertThat(check(vector(name), new AtomicReference<>())).isEqualTo(Outcome.BAD_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // sign-fail-03: protected alg -999; sign-fail-04: protected alg "unknown" (a tstr)
            "sign1-tests_sign-fail-03", "sign1-tests_sign-fail-04"})
    void rejectsUnknownAlgorithm(String name) {
        assertThat(check(vector(name), new AtomicReference<>())).isEqualTo(Outcome.UNSUPPORTED_ALGORITHM);
    }

    /**
     * sign-pass-01 ("Redo protected") sends protected as h'A0' (an encoded empty map) with alg only unprotected, and
     * cose-wg computed its signature over h'' (its ToBeSign has 0x40). Drover rejects it, for two reasons: the
     * algorithm must be protected, or an attacker could swap it; and the Sig_structure takes the protected bytes as
     * transmitted (RFC 9052 section 4.4, "encoded in a bstr type"), h'A0', so the signature does not verify anyway.
     */
    @Test
    void rejectsSignPass01WhoseAlgorithmIsUnprotected() {
        JsonNode vector = vector("sign1-tests_sign-pass-01");
        var signed = new AtomicReference<byte[]>();
        CoseSign1 message = CoseSign1.decode(CBORObject.DecodeFromBytes(cbor(vector)), true);

        assertThat(check(vector, signed)).isEqualTo(Outcome.UNSUPPORTED_ALGORITHM);
        boolean verifies = message.verifies((data, signature) -> {
            signed.set(data);
            return Signatures.verify(SignatureAlgorithm.ES256, publicKey(vector), data, signature);
        }, new byte[0], null);
        assertThat(verifies).isFalse();
        assertThat(signed.get()).isNotEqualTo(HexFormat.of().parseHex(vector.at("/intermediates/ToBeSign_hex").asText()));
    }

    @Test
    void refusesHeaderThatIsBothProtectedAndUnprotected() {
        CBORObject message = CBORObject.NewArray()
                .Add(CBORObject.NewMap().Add(1, -7).EncodeToBytes())
                .Add(CBORObject.NewMap().Add(1, -8))
                .Add(CBORObject.Null)
                .Add(new byte[64])
                .WithTag(CoseSign1.TAG);

        assertThatThrownBy(() -> CoseSign1.decode(message, true)).isInstanceOfSatisfying(DroverException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SuitErrors.MALFORMED));
    }

    @Test
    void treatsCriticalHeadersAsUnsupported() {
        CBORObject message = CBORObject.NewArray()
                .Add(CBORObject.NewOrderedMap().Add(1, -7).Add(2, CBORObject.NewArray().Add(99)).EncodeToBytes())
                .Add(CBORObject.NewMap())
                .Add(CBORObject.Null)
                .Add(new byte[64])
                .WithTag(CoseSign1.TAG);

        assertThat(CoseSign1.decode(message, true).supportedAlgorithm()).isEmpty();
    }

    /** Decodes and verifies like Drover's envelope verifier does, recording the Sig_structure it checks. */
    private static Outcome check(JsonNode vector, AtomicReference<byte[]> signed) {
        CoseSign1 message;
        try {
            message = CoseSign1.decode(CBORObject.DecodeFromBytes(cbor(vector)), false);
        } catch (DroverException e) {
            assertThat(e.errorCode()).isEqualTo(SuitErrors.MALFORMED);
            return Outcome.MALFORMED;
        }
        var algorithm = message.supportedAlgorithm();
        if (algorithm.isEmpty()) {
            return Outcome.UNSUPPORTED_ALGORITHM;
        }
        PublicKey key = publicKey(vector);
        byte[] externalAad = HexFormat.of().parseHex(vector.at("/input/sign0/external").asText(""));
        boolean verifies = message.verifies((data, signature) -> {
            signed.set(data);
            return Signatures.verify(algorithm.get(), key, data, signature);
        }, externalAad, null);
        return verifies ? Outcome.VERIFIED : Outcome.BAD_SIGNATURE;
    }

    private static JsonNode vector(String name) {
        try {
            return JSON.readTree(Vectors.text("cose/" + name + ".json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] cbor(JsonNode vector) {
        return HexFormat.of().parseHex(vector.at("/output/cbor").asText());
    }

    /** The public half of the vector's JWK: EC with base64url x/y, or OKP Ed25519 with x_hex. */
    private static PublicKey publicKey(JsonNode vector) {
        JsonNode jwk = vector.at("/input/sign0/key");
        try {
            if (jwk.get("kty").asText().equals("EC")) {
                var point = new ECPoint(unsigned(jwk.get("x").asText()), unsigned(jwk.get("y").asText()));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, KeyCodec.p256Parameters()));
            }
            byte[] x = HexFormat.of().parseHex(jwk.get("x_hex").asText());
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger unsigned(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    }
}
