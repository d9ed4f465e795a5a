package io.drover.suit.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encrypt then decrypt, for every content algorithm with every kind of recipient, and many recipients at once. */
class PayloadRoundTripTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key that can decrypt, and the recipient entry that encrypts for it. */
    record Party(String name, Recipient recipient, PayloadDecryptor decryptor) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Party> parties() {
        var parties = new ArrayList<Party>();
        for (GroupKey.Algorithm algorithm : GroupKey.Algorithm.values()) {
            GroupKey key = GroupKey.generate(algorithm, RANDOM);
            parties.add(new Party("group " + algorithm, Recipient.of(key), PayloadDecryptor.create(key)));
        }
        for (RecipientCurve curve : RecipientCurve.values()) {
            RecipientPrivateKey key = RecipientPrivateKey.generate(curve);
            parties.add(new Party("device " + curve, Recipient.of(key.publicKey()), PayloadDecryptor.create(key)));
        }
        return parties;
    }

    static Stream<Arguments> everyAlgorithmWithEveryRecipient() {
        return Stream.of(ContentEncryptionAlgorithm.values())
                .flatMap(algorithm -> parties().stream().map(party -> Arguments.of(algorithm, party)));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @MethodSource("everyAlgorithmWithEveryRecipient")
    void decryptsWhatItEncrypted(ContentEncryptionAlgorithm algorithm, Party party) throws IOException {
        byte[] plaintext = randomBytes(100_000 + RANDOM.nextInt(20_000));
        var ciphertext = new ByteArrayOutputStream();

        EncryptedPayload encrypted = PayloadEncryptor.create(algorithm, List.of(party.recipient()))
                .encrypt(new ByteArrayInputStream(plaintext), ciphertext);
        var sink = new RecordingSink();
        Decryption outcome = party.decryptor().decrypt(encrypted.encryptionInfo(),
                new ByteArrayInputStream(ciphertext.toByteArray()), sink,
                ExpectedPlaintext.image(encrypted.plaintextSha256(), encrypted.plaintextSize()));

        assertThat(outcome).isEqualTo(new Decryption.Committed(EncryptionVectorsTest.sha256(plaintext), plaintext.length));
        assertThat(sink.committedBytes()).isEqualTo(plaintext);
        assertThat(encrypted.ciphertextSize()).isEqualTo(ciphertext.size())
                .isEqualTo(plaintext.length + (algorithm.authenticated() ? 16 : 0));
    }

    @Test
    void everyRecipientOfOnePayloadCanDecryptIt() throws IOException {
        List<Party> parties = parties();
        byte[] plaintext = randomBytes(5000);
        var ciphertext = new ByteArrayOutputStream();

        EncryptedPayload encrypted = PayloadEncryptor.create(ContentEncryptionAlgorithm.A256GCM,
                parties.stream().map(Party::recipient).toList()).encrypt(new ByteArrayInputStream(plaintext), ciphertext);

        for (Party party : parties) {
            var sink = new RecordingSink();
            Decryption outcome = party.decryptor().decrypt(encrypted.encryptionInfo(),
                    new ByteArrayInputStream(ciphertext.toByteArray()), sink, ExpectedPlaintext.none());
            assertThat(outcome).as(party.name()).isInstanceOf(Decryption.Committed.class);
            assertThat(sink.committedBytes()).as(party.name()).isEqualTo(plaintext);
        }
    }

    @Test
    void encodesGcmAsTheDraftDoes() throws IOException {
        GroupKey key = GroupKey.generate(GroupKey.Algorithm.A128KW, RANDOM);
        CBORObject info = encryptionInfo(ContentEncryptionAlgorithm.A128GCM, Recipient.of(key));

        // draft-ietf-suit-firmware-encryption: 96([<<{1: 1}>>, {5: iv}, nil, [[h'', {1: -3}, wrapped-cek]]])
        assertThat(info.HasMostOuterTag(96)).isTrue();
        CBORObject array = info.UntagOne();
        assertThat(array.get(0).GetByteString()).isEqualTo(new byte[] {(byte) 0xA1, 0x01, 0x01});
        assertThat(array.get(1).get(5).GetByteString()).hasSize(12);
        assertThat(array.get(2).isNull()).isTrue();
        CBORObject recipient = array.get(3).get(0);
        assertThat(recipient.get(0).GetByteString()).isEmpty();
        assertThat(recipient.get(1).get(1).AsInt32Value()).isEqualTo(-3);
        assertThat(recipient.get(2).GetByteString()).hasSize(24);
    }

    @Test
    void encodesCtrWithEmptyProtectedHeaderAndX25519EphemeralKey() throws IOException {
        RecipientPrivateKey key = RecipientPrivateKey.generate(RecipientCurve.X25519);
        CBORObject array = encryptionInfo(ContentEncryptionAlgorithm.A256CTR, Recipient.of(key.publicKey())).UntagOne();

        // RFC 9459: alg A256CTR (-65532) and a 16-byte IV unprotected, protected h''
        assertThat(array.get(0).GetByteString()).isEmpty();
        assertThat(array.get(1).get(1).AsInt32Value()).isEqualTo(-65532);
        assertThat(array.get(1).get(5).GetByteString()).hasSize(16);
        CBORObject recipient = array.get(3).get(0);
        assertThat(CBORObject.DecodeFromBytes(recipient.get(0).GetByteString()).get(1).AsInt32Value())
                .as("ECDH-ES+A256KW").isEqualTo(-31);
        CBORObject ephemeral = recipient.get(1).get(-1);
        assertThat(ephemeral.get(1).AsInt32Value()).as("kty OKP").isEqualTo(1);
        assertThat(ephemeral.get(-1).AsInt32Value()).as("crv X25519").isEqualTo(4);
        assertThat(ephemeral.get(-2).GetByteString()).hasSize(32);
    }

    @Test
    void drawsAFreshContentKeyAndIvForEveryPayload() throws IOException {
        GroupKey key = GroupKey.generate(GroupKey.Algorithm.A128KW, RANDOM);
        PayloadEncryptor encryptor = PayloadEncryptor.create(ContentEncryptionAlgorithm.A128CTR, List.of(Recipient.of(key)));

        CBORObject first = CBORObject.DecodeFromBytes(encryptor.encrypt(new ByteArrayInputStream(new byte[10]),
                new ByteArrayOutputStream()).encryptionInfo()).UntagOne();
        CBORObject second = CBORObject.DecodeFromBytes(encryptor.encrypt(new ByteArrayInputStream(new byte[10]),
                new ByteArrayOutputStream()).encryptionInfo()).UntagOne();

        assertThat(first.get(1).get(5).GetByteString()).isNotEqualTo(second.get(1).get(5).GetByteString());
        assertThat(first.get(3).get(0).get(2).GetByteString()).isNotEqualTo(second.get(3).get(0).get(2).GetByteString());
    }

    private static CBORObject encryptionInfo(ContentEncryptionAlgorithm algorithm, Recipient recipient) throws IOException {
        return CBORObject.DecodeFromBytes(PayloadEncryptor.create(algorithm, List.of(recipient))
                .encrypt(new ByteArrayInputStream(randomBytes(100)), new ByteArrayOutputStream()).encryptionInfo());
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
