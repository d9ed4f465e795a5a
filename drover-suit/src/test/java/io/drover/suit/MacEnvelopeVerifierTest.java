package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * COSE_Mac0-authenticated envelopes: the SUIT encryption draft's AES-KW examples (suit-wg/suit-firmware-encryption,
 * examples/) and libcsuit's expAW/AF/AFS (kentakayama/libcsuit, testfiles/), all MAC'd with HMAC 256/256 under the
 * key of 32 ASCII 'a' given in their READMEs.
 */
class MacEnvelopeVerifierTest {
    private static final MacKey EXAMPLE_KEY = MacKey.create("a".repeat(32).getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get());
    private static final MacEnvelopeVerifier VERIFIER = MacEnvelopeVerifier.create(List.of(EXAMPLE_KEY));

    private static byte[] vector(String name) {
        return Vectors.hex(name + ".cbor.hex");
    }

    private static void assertRefused(MacVerification verdict, ErrorCode code) {
        assertThat(verdict).isInstanceOfSatisfying(MacVerification.Refused.class,
                refused -> assertThat(refused.rejection().reason()).isEqualTo(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"suit-encryption/suit-manifest-aes-kw-content.signed", "suit-encryption/suit-manifest-aes-kw-slot.signed",
            "suit-encryption/suit-manifest-aes-kw.signed", "suit/libcsuit/suit_manifest_expAW", "suit/libcsuit/suit_manifest_expAF",
            "suit/libcsuit/suit_manifest_expAFS"})
    void authenticatesThePublicMacExamplesWithTheirKey(String name) {
        assertThat(VERIFIER.verify(vector(name))).isInstanceOfSatisfying(MacVerification.Authenticated.class,
                authenticated -> assertThat(authenticated.key()).isEqualTo(EXAMPLE_KEY));
    }

    @Test
    void refusesTheExamplesUnderAnotherKey() {
        MacKey other = MacKey.create("b".repeat(32).getBytes(StandardCharsets.US_ASCII), SecretKeyAccess.get());
        assertRefused(MacEnvelopeVerifier.create(List.of(other)).verify(vector("suit-encryption/suit-manifest-aes-kw.signed")),
                SuitErrors.BAD_MAC);
    }

    @Test
    void refusesAFlippedTagBit() {
        byte[] envelope = vector("suit-encryption/suit-manifest-aes-kw.signed");
        envelope[offsetOfMacTag(envelope) + 3] ^= 0x10;
        assertRefused(VERIFIER.verify(envelope), SuitErrors.BAD_MAC);
    }

    @Test
    void refusesAManifestThatNoLongerMatchesItsDigest() {
        byte[] envelope = vector("suit-encryption/suit-manifest-aes-kw.signed");
        envelope[envelope.length - 2] ^= 0x01; // the manifest closes the envelope
        assertRefused(VERIFIER.verify(envelope), SuitErrors.DIGEST_MISMATCH);
    }

    @Test
    void refusesASignedEnvelopeItCannotCheck() {
        assertRefused(VERIFIER.verify(Vectors.suit("example0-signed")), SuitErrors.UNSIGNED);
    }

    @Test
    void refusesShortKeysAndMissingCapability() {
        assertThatThrownBy(() -> MacKey.create(new byte[16], SecretKeyAccess.get())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacKey.create(new byte[32], null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MacEnvelopeVerifier.create(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static int offsetOfMacTag(byte[] envelope) {
        CBORObject auth = CBORObject.DecodeFromBytes(CBORObject.DecodeFromBytes(envelope).get(2).GetByteString());
        byte[] tag = CBORObject.DecodeFromBytes(auth.get(1).GetByteString()).UntagOne().get(3).GetByteString();
        for (int i = 0; i + tag.length <= envelope.length; i++) {
            if (Arrays.equals(envelope, i, i + tag.length, tag, 0, tag.length)) {
                return i;
            }
        }
        throw new AssertionError("MAC tag not found");
    }
}
