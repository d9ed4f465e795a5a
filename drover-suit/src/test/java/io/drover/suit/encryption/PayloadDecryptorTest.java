package io.drover.suit.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every way a payload can be refused ends in a typed reason and a discarded sink: nothing is ever committed. */
class PayloadDecryptorTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final GroupKey GROUP_KEY = GroupKey.generate(GroupKey.Algorithm.A128KW, RANDOM);
    private static final byte[] PLAINTEXT = PayloadRoundTripTest.randomBytes(20_000);

    /** One payload encrypted for {@link #GROUP_KEY}. */
    private record Sample(byte[] info, byte[] ciphertext, ExpectedPlaintext expected) {
    }

    private static Sample sample(ContentEncryptionAlgorithm algorithm, Recipient recipient) throws IOException {
        var out = new ByteArrayOutputStream();
        EncryptedPayload encrypted = PayloadEncryptor.create(algorithm, List.of(recipient))
                .encrypt(new ByteArrayInputStream(PLAINTEXT), out);
        return new Sample(encrypted.encryptionInfo(), out.toByteArray(),
                ExpectedPlaintext.image(encrypted.plaintextSha256(), encrypted.plaintextSize()));
    }

    private static Sample sample(ContentEncryptionAlgorithm algorithm) throws IOException {
        return sample(algorithm, Recipient.of(GROUP_KEY));
    }

    @Test
    void refusesAWrongGroupKey() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);
        PayloadDecryptor other = PayloadDecryptor.create(GroupKey.generate(GroupKey.Algorithm.A128KW, RANDOM));

        assertRefused(other, sample, EncryptionErrors.WRONG_KEY);
    }

    @Test
    void refusesAGroupKeyOfAnotherSizeAsHavingNoRecipient() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);
        PayloadDecryptor other = PayloadDecryptor.create(GroupKey.generate(GroupKey.Algorithm.A256KW, RANDOM));

        assertRefused(other, sample, EncryptionErrors.NO_RECIPIENT_FOR_KEY);
    }

    @ParameterizedTest
    @EnumSource(RecipientCurve.class)
    void refusesAnotherDevicesPrivateKey(RecipientCurve curve) throws IOException {
        RecipientPrivateKey device = RecipientPrivateKey.generate(curve);
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM, Recipient.of(device.publicKey()));

        assertRefused(PayloadDecryptor.create(RecipientPrivateKey.generate(curve)), sample, EncryptionErrors.WRONG_KEY);
    }

    @Test
    void refusesAPrivateKeyWhenOnlyGroupsOrOtherCurvesAreRecipients() throws IOException {
        Sample forGroup = sample(ContentEncryptionAlgorithm.A128GCM);
        Sample forX25519 = sample(ContentEncryptionAlgorithm.A128GCM,
                Recipient.of(RecipientPrivateKey.generate(RecipientCurve.X25519).publicKey()));
        PayloadDecryptor p256 = PayloadDecryptor.create(RecipientPrivateKey.generate(RecipientCurve.P256));

        assertRefused(p256, forGroup, EncryptionErrors.NO_RECIPIENT_FOR_KEY);
        assertRefused(p256, forX25519, EncryptionErrors.NO_RECIPIENT_FOR_KEY);
        assertRefused(PayloadDecryptor.create(GROUP_KEY), forX25519, EncryptionErrors.NO_RECIPIENT_FOR_KEY);
    }

    @ParameterizedTest
    @EnumSource(ContentEncryptionAlgorithm.class)
    void refusesTruncatedCiphertext(ContentEncryptionAlgorithm algorithm) throws IOException {
        Sample sample = sample(algorithm);
        byte[] cut = Arrays.copyOf(sample.ciphertext(), sample.ciphertext().length - 100);

        assertRefused(decryptor(), withCiphertext(sample, cut), EncryptionErrors.TRUNCATED);
    }

    @Test
    void refusesGcmCiphertextShorterThanItsTag() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);

        assertRefused(decryptor(), new Sample(sample.info(), new byte[10], ExpectedPlaintext.none()),
                EncryptionErrors.TRUNCATED);
    }

    @Test
    void refusesTruncatedGcmWithoutExpectationsByItsTag() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A256GCM);
        byte[] cut = Arrays.copyOf(sample.ciphertext(), sample.ciphertext().length - 1);

        assertRefused(decryptor(), new Sample(sample.info(), cut, ExpectedPlaintext.none()),
                EncryptionErrors.TAG_MISMATCH);
    }

    @Test
    void refusesAnAlteredTag() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);

        assertRefused(decryptor(), withCiphertext(sample, flipBit(sample.ciphertext(), sample.ciphertext().length - 1)),
                EncryptionErrors.TAG_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(ContentEncryptionAlgorithm.class)
    void refusesAFlippedCiphertextBitByTagOrDigest(ContentEncryptionAlgorithm algorithm) throws IOException {
        Sample sample = sample(algorithm);
        Sample flipped = withCiphertext(sample, flipBit(sample.ciphertext(), 5000));

        // GCM's tag catches it; CTR has no tag, so the manifest's digest must
        assertRefused(decryptor(), flipped,
                algorithm.authenticated() ? EncryptionErrors.TAG_MISMATCH : EncryptionErrors.DIGEST_MISMATCH);
    }

    @Test
    void refusesGcmPlaintextThatIsNotTheExpectedImage() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);
        byte[] otherDigest = new byte[32];

        assertRefused(decryptor(), new Sample(sample.info(), sample.ciphertext(), ExpectedPlaintext.sha256(otherDigest)),
                EncryptionErrors.DIGEST_MISMATCH);
    }

    @Test
    void refusesPlaintextLongerThanTheExpectedSize() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128CTR);
        var expected = ExpectedPlaintext.image(sample.expected().sha256().orElseThrow(), PLAINTEXT.length - 1);

        assertRefused(decryptor(), new Sample(sample.info(), sample.ciphertext(), expected),
                EncryptionErrors.DIGEST_MISMATCH);
    }

    @Test
    void refusesCtrWithoutAnExpectedDigest() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128CTR);

        assertRefused(decryptor(), new Sample(sample.info(), sample.ciphertext(), ExpectedPlaintext.none()),
                EncryptionErrors.UNVERIFIABLE);
    }

    @Test
    void refusesBytesThatAreNoCoseEncrypt() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);

        assertRefused(decryptor(), withInfo(sample, new byte[] {1, 2, 3}), EncryptionErrors.MALFORMED);
        assertRefused(decryptor(), withInfo(sample, CBORObject.FromObject(7).EncodeToBytes()), EncryptionErrors.MALFORMED);
        assertRefused(decryptor(), edited(sample, info -> info.UntagOne().WithTag(98)), EncryptionErrors.MALFORMED);
        assertRefused(decryptor(), edited(sample, info -> info.UntagOne().RemoveAt(3) ? info : info),
                EncryptionErrors.MALFORMED);
    }

    @Test
    void refusesAttachedCiphertextMissingIvAndMisplacedAlgorithm() throws IOException {
        Sample gcm = sample(ContentEncryptionAlgorithm.A128GCM);
        Sample ctr = sample(ContentEncryptionAlgorithm.A128CTR);

        assertRefused(decryptor(), edited(gcm, info -> set(info, 2, CBORObject.FromObject(new byte[4]))),
                EncryptionErrors.MALFORMED);
        assertRefused(decryptor(), edited(gcm, info -> {
            info.UntagOne().get(1).Remove(CBORObject.FromObject(5));
            return info;
        }), EncryptionErrors.MALFORMED);
        // CTR moved into a protected header, where RFC 9459 forbids it
        assertRefused(decryptor(), edited(ctr, info -> {
            CBORObject unprotected = info.UntagOne().get(1);
            CBORObject alg = unprotected.get(1);
            unprotected.Remove(CBORObject.FromObject(1));
            return set(info, 0, CBORObject.FromObject(CBORObject.NewMap().Add(1, alg).EncodeToBytes()));
        }), EncryptionErrors.MALFORMED);
    }

    @Test
    void refusesAnX25519EphemeralKeyOfSmallOrder() throws IOException {
        RecipientPrivateKey device = RecipientPrivateKey.generate(RecipientCurve.X25519);
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM, Recipient.of(device.publicKey()));

        // u = 0 has order 1: the shared secret would be all zeros whatever the private key (RFC 7748 section 6.1)
        assertRefused(PayloadDecryptor.create(device), edited(sample, info -> {
            ephemeralKey(info).set(-2, CBORObject.FromObject(new byte[32]));
            return info;
        }), EncryptionErrors.MALFORMED);
    }

    @Test
    void refusesAP256EphemeralKeyOffTheCurve() throws IOException {
        RecipientPrivateKey device = RecipientPrivateKey.generate(RecipientCurve.P256);
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM, Recipient.of(device.publicKey()));

        // an invalid-curve point could leak the private key bit by bit; it must never reach the key agreement
        assertRefused(PayloadDecryptor.create(device), edited(sample, info -> {
            byte[] y = ephemeralKey(info).get(-3).GetByteString();
            y[31] ^= 1;
            ephemeralKey(info).set(-3, CBORObject.FromObject(y));
            return info;
        }), EncryptionErrors.MALFORMED);
    }

    @Test
    void refusesGcmNamedOnlyInTheUnprotectedHeader() throws IOException {
        Sample gcm = sample(ContentEncryptionAlgorithm.A128GCM);

        // an AEAD's alg must be authenticated, or the header could be swapped for a weaker one
        assertRefused(decryptor(), edited(gcm, info -> {
            info.UntagOne().get(1).Add(1, 1);
            return set(info, 0, CBORObject.FromObject(new byte[0]));
        }), EncryptionErrors.MALFORMED);
    }

    @Test
    void refusesCriticalHeadersItDoesNotUnderstand() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);

        assertRefused(decryptor(), edited(sample, info -> set(info, 0, CBORObject.FromObject(
                CBORObject.NewOrderedMap().Add(1, 1).Add(2, CBORObject.NewArray().Add(99)).EncodeToBytes()))),
                EncryptionErrors.UNSUPPORTED_ALGORITHM);
        assertRefused(decryptor(), edited(sample, info -> {
            info.UntagOne().get(3).get(0).get(1).Add(2, CBORObject.NewArray().Add(99));
            return info;
        }), EncryptionErrors.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesAnUnknownContentAlgorithm() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);

        assertRefused(decryptor(), edited(sample, info -> set(info, 0,
                CBORObject.FromObject(CBORObject.NewMap().Add(1, 99).EncodeToBytes()))),
                EncryptionErrors.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void refusesAProtectedHeaderChangedAfterEncryption() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);

        // same algorithm, different bytes (a needless extra header): the Enc_structure changes, so the tag fails
        assertRefused(decryptor(), edited(sample, info -> set(info, 0,
                CBORObject.FromObject(CBORObject.NewOrderedMap().Add(1, 1).Add(99, 0).EncodeToBytes()))),
                EncryptionErrors.TAG_MISMATCH);
    }

    @Test
    void discardsTheSinkAndRethrowsWhenTheStreamFails() throws IOException {
        Sample sample = sample(ContentEncryptionAlgorithm.A128GCM);
        var sink = new RecordingSink();
        InputStream failing = new InputStream() {
            private int left = 4000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset");
                }
                return 0;
            }
        };

        assertThatThrownBy(() -> decryptor().decrypt(sample.info(), failing, sink, sample.expected()))
                .isInstanceOf(IOException.class).hasMessage("connection reset");
        assertThat(sink.discarded()).isTrue();
        assertThat(sink.committed()).isFalse();
    }

    @Test
    void orThrowRaisesTheReasonAsATypedException() {
        Decryption discarded = new Decryption.Discarded(EncryptionErrors.TAG_MISMATCH, "tag");

        assertThatThrownBy(discarded::orThrow).isInstanceOfSatisfying(DroverException.class,
                e -> assertThat(e.errorCode()).isEqualTo(EncryptionErrors.TAG_MISMATCH));
    }

    private static PayloadDecryptor decryptor() {
        return PayloadDecryptor.create(GROUP_KEY);
    }

    private static void assertRefused(PayloadDecryptor decryptor, Sample sample, ErrorCode reason) throws IOException {
        var sink = new RecordingSink();

        Decryption outcome = decryptor.decrypt(sample.info(), new ByteArrayInputStream(sample.ciphertext()), sink,
                sample.expected());

        assertThat(outcome).isInstanceOfSatisfying(Decryption.Discarded.class,
                discarded -> assertThat(discarded.reason()).as(discarded.message()).isEqualTo(reason));
        assertThat(sink.discarded()).as("discarded").isTrue();
        assertThat(sink.committed()).as("committed").isFalse();
    }

    private static Sample withCiphertext(Sample sample, byte[] ciphertext) {
        return new Sample(sample.info(), ciphertext, sample.expected());
    }

    private static Sample withInfo(Sample sample, byte[] info) {
        return new Sample(info, sample.ciphertext(), sample.expected());
    }

    private static Sample edited(Sample sample, UnaryOperator<CBORObject> edit) {
        return withInfo(sample, edit.apply(CBORObject.DecodeFromBytes(sample.info())).EncodeToBytes());
    }

    private static CBORObject ephemeralKey(CBORObject info) {
        return info.UntagOne().get(3).get(0).get(1).get(-1);
    }

    private static CBORObject set(CBORObject tagged, int index, CBORObject value) {
        tagged.UntagOne().set(index, value);
        return tagged;
    }

    private static byte[] flipBit(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
