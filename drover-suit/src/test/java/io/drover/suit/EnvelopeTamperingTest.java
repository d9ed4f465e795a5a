package io.drover.suit;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.suit.Verification.Rejected;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged copies of valid envelopes (example0-signed from draft-ietf-suit-manifest-37, and Drover's own): whatever
 * is changed, the verdict is never Verified, and the only exception is DroverException with suit.malformed.
 */
class EnvelopeTamperingTest {
    private static final Set<io.drover.error.ErrorCode> REJECTIONS = Set.of(SuitErrors.UNSIGNED, SuitErrors.BAD_SIGNATURE,
            SuitErrors.DIGEST_MISMATCH, SuitErrors.UNKNOWN_SIGNER, SuitErrors.UNSUPPORTED_ALGORITHM);

    private final byte[] example0 = Vectors.suit("example0-signed");
    private final EnvelopeVerifier verifier = EnvelopeVerifier.create(List.of(Vectors.exampleKey()));

    @Test
    void rejectsEverySingleBitFlipInTheSignature() {
        byte[] signature = signatureOf(example0);
        int start = indexOf(example0, signature);

        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] tampered = flip(example0, start * 8 + bit);

            assertThat(verifier.verify(tampered)).as("signature bit %d", bit)
                    .isInstanceOfSatisfying(Rejected.class,
                            r -> assertThat(r.reason()).isEqualTo(SuitErrors.BAD_SIGNATURE));
        }
    }

    @Test
    void rejectsEverySingleBitFlipInTheManifest() {
        byte[] manifest = CBORObject.DecodeFromBytes(example0).UntagOne().get(3).GetByteString();
        int start = indexOf(example0, manifest);

        for (int bit = 0; bit < manifest.length * 8; bit++) {
            byte[] tampered = flip(example0, start * 8 + bit);

            assertNeverVerified(tampered, "manifest bit " + bit);
        }
    }

    @Test
    void neverVerifiesAnySingleBitFlipOutsideTheSignature() {
        // signature bits have their own test above; skipping them here keeps this one fast
        for (byte[] envelope : List.of(example0, drovers())) {
            int signature = indexOf(envelope, signatureOf(envelope));
            for (int bit = 0; bit < envelope.length * 8; bit++) {
                if (bit / 8 < signature || bit / 8 >= signature + 64) {
                    assertNeverVerified(flip(envelope, bit), (envelope == example0 ? "example0" : "Drover's") + " bit " + bit);
                }
            }
        }
    }

    @Test
    void neverVerifiesATruncatedEnvelope() {
        for (byte[] envelope : List.of(example0, drovers())) {
            for (int length = 0; length < envelope.length; length++) {
                assertNeverVerified(Arrays.copyOf(envelope, length), "truncated to " + length);
            }
        }
    }

    @Test
    void neverVerifiesAnEnvelopeWithTrailingBytes() {
        byte[] extended = Arrays.copyOf(example0, example0.length + 1);

        assertNeverVerified(extended, "one trailing byte");
    }

    @Test
    void neverVerifiesRandomGarbageOrRandomlyDamagedEnvelopes() {
        var random = new Random(20261128L);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            assertNeverVerified(garbage, "garbage #" + i);

            byte[] damaged = example0.clone();
            for (int j = 0; j <= random.nextInt(4); j++) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            if (!Arrays.equals(damaged, example0)) { // two changes of one byte may cancel out
                assertNeverVerified(damaged, "damaged #" + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "5b7fffffffffffffff00", // byte string claiming 2^63-1 bytes
            "5a7fffffff00", // byte string claiming 2 GiB
            "9a10000000aa", // array claiming 2^28 items
            "d86bbb7fffffffffffffff00", // tag 107 on a map claiming 2^63-1 entries
            "d86ba0", // empty tagged map
            "d86ba20240035840", // wrapper present but empty, manifest truncated
            "d86bd86ba0", // tag 107 twice
            "c24101", // bignum
            "f97e00", // NaN
            "5f4101ff", // indefinite-length byte string
            "ff"})
    void neverVerifiesHostileCbor(String hex) {
        assertNeverVerified(java.util.HexFormat.of().parseHex(hex), hex);
    }

    @Test
    void neverVerifiesDeeplyNestedCbor() {
        byte[] nested = new byte[100_000];
        Arrays.fill(nested, (byte) 0x81); // [[[[...

        assertNeverVerified(nested, "100000 nested arrays");
    }

    @Test
    void rejectsChangedSeveredMemberCarriedInTheEnvelope() {
        // example2-signed-full carries install (20) in the envelope under a digest in the manifest
        byte[] full = Vectors.suit("example2-signed-full");
        int uri = indexOf(full, "very/long".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        full[uri] = 'V';

        assertThat(verifier.verify(full)).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(SuitErrors.DIGEST_MISMATCH));
    }

    private void assertNeverVerified(byte[] input, String what) {
        Verification verdict;
        try {
            verdict = verifier.verify(input);
        } catch (DroverException e) {
            assertThat(e.errorCode()).as(what).isEqualTo(SuitErrors.MALFORMED);
            return;
        }
        assertThat(verdict).as(what).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.reason()).as(what).isIn(REJECTIONS));
    }

    /** An envelope Drover signed with the draft's example key, so the verifier trusts it. */
    private static byte[] drovers() {
        SigningKey key = SigningKey.fromPem(Vectors.text("suit/example-signing-key-p256.private.pem"));
        return ManifestSigner.create(key).sign(ManifestSignerTest.spec());
    }

    private static byte[] signatureOf(byte[] envelope) {
        CBORObject authentication = CBORObject.DecodeFromBytes(
                CBORObject.DecodeFromBytes(envelope).UntagOne().get(2).GetByteString());
        return CBORObject.DecodeFromBytes(authentication.get(1).GetByteString()).UntagOne().get(3).GetByteString();
    }

    private static byte[] flip(byte[] bytes, int bit) {
        byte[] copy = bytes.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
