package io.drover.suit.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every public SUIT encryption vector decrypts to its stated plaintext: the draft-ietf-suit-firmware-encryption-24
 * examples (suit-wg/suit-firmware-encryption examples/, vectors/suit-encryption/README.md) and libcsuit's testfiles
 * (kentakayama/libcsuit, vectors/suit/libcsuit/README.md).
 */
class EncryptionVectorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"aes-kw-aes-gcm", "aes-kw-aes-ctr"})
    void decryptsDraftExampleWithTheGroupKey(String name) throws IOException {
        assertDecryptsDraftExample(name, PayloadDecryptor.create(EncryptionVectors.draftGroupKey()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"es-ecdh-aes-gcm", "es-ecdh-aes-ctr"})
    void decryptsDraftExampleWithTheRecipientKey(String name) throws IOException {
        assertDecryptsDraftExample(name, PayloadDecryptor.create(EncryptionVectors.draftRecipientKey()));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
            "encryption_info_aes.cose.hex, encrypted_image_aes.bin.hex, raw_image.bin.hex, aes",
            "encryption_info_config_aes.cose.hex, encrypted_config_aes.bin.hex, config.json.hex, aes",
            "encryption_info_esdh.cose.hex, encrypted_image_esdh.bin.hex, raw_image.bin.hex, esdh",
            "encryption_info_config_esdh.cose.hex, encrypted_config_esdh.bin.hex, config.json.hex, esdh"})
    void decryptsLibcsuitTestFile(String info, String ciphertext, String plaintext, String keys) throws IOException {
        PayloadDecryptor decryptor = keys.equals("aes")
                ? PayloadDecryptor.create(EncryptionVectors.draftGroupKey())
                : PayloadDecryptor.create(EncryptionVectors.draftRecipientKey());
        byte[] expected = EncryptionVectors.hex("suit/libcsuit/" + plaintext);
        var sink = new RecordingSink();

        Decryption outcome = decryptor.decrypt(EncryptionVectors.hex("suit/libcsuit/" + info),
                new ByteArrayInputStream(EncryptionVectors.hex("suit/libcsuit/" + ciphertext)), sink,
                ExpectedPlaintext.image(sha256(expected), expected.length));

        assertThat(outcome).isEqualTo(new Decryption.Committed(sha256(expected), expected.length));
        assertThat(sink.committedBytes()).isEqualTo(expected);
    }

    @Test
    void libcsuitImageIsTheDraftPlaintext() {
        assertThat(new String(EncryptionVectors.hex("suit/libcsuit/raw_image.bin.hex"), StandardCharsets.US_ASCII))
                .isEqualTo(EncryptionVectors.DRAFT_PLAINTEXT);
    }

    private static void assertDecryptsDraftExample(String name, PayloadDecryptor decryptor) throws IOException {
        byte[] plaintext = EncryptionVectors.DRAFT_PLAINTEXT.getBytes(StandardCharsets.US_ASCII);
        var sink = new RecordingSink();

        Decryption outcome = decryptor.decrypt(
                EncryptionVectors.hex("suit-encryption/suit-encryption-info-" + name + ".hex"),
                new ByteArrayInputStream(EncryptionVectors.hex("suit-encryption/encrypted-payload-" + name + ".hex")),
                sink, ExpectedPlaintext.image(sha256(plaintext), plaintext.length));

        assertThat(outcome).isEqualTo(new Decryption.Committed(sha256(plaintext), plaintext.length));
        assertThat(sink.committedBytes()).asString(StandardCharsets.US_ASCII).isEqualTo(EncryptionVectors.DRAFT_PLAINTEXT);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
