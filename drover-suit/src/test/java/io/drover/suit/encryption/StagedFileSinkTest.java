package io.drover.suit.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PlaintextSink#stagedFile}: the target holds its old content or the whole verified plaintext, never a part. */
class StagedFileSinkTest {
    private static final GroupKey KEY = GroupKey.generate(GroupKey.Algorithm.A256KW, new SecureRandom());

    @TempDir
    Path dir;

    @Test
    void replacesTheTargetOnlyWhenEverythingVerifies() throws IOException {
        Path target = Files.writeString(dir.resolve("slot-b.img"), "old image");
        byte[] plaintext = PayloadRoundTripTest.randomBytes(50_000);
        var ciphertext = new ByteArrayOutputStream();
        EncryptedPayload encrypted = PayloadEncryptor.create(ContentEncryptionAlgorithm.A256GCM, List.of(Recipient.of(KEY)))
                .encrypt(new ByteArrayInputStream(plaintext), ciphertext);

        Decryption outcome = PayloadDecryptor.create(KEY).decrypt(encrypted.encryptionInfo(),
                new ByteArrayInputStream(ciphertext.toByteArray()), PlaintextSink.stagedFile(target),
                ExpectedPlaintext.image(encrypted.plaintextSha256(), encrypted.plaintextSize()));

        assertThat(outcome).isInstanceOf(Decryption.Committed.class);
        assertThat(target).hasBinaryContent(plaintext);
        assertThat(dir).isDirectoryContaining(p -> p.equals(target)).isDirectoryNotContaining(p -> !p.equals(target));
    }

    @Test
    void leavesTheTargetAndNoStagingFileWhenTheTagFails() throws IOException {
        Path target = Files.writeString(dir.resolve("slot-b.img"), "old image");
        var ciphertext = new ByteArrayOutputStream();
        EncryptedPayload encrypted = PayloadEncryptor.create(ContentEncryptionAlgorithm.A128GCM, List.of(Recipient.of(KEY)))
                .encrypt(new ByteArrayInputStream(PayloadRoundTripTest.randomBytes(50_000)), ciphertext);
        byte[] altered = ciphertext.toByteArray();
        altered[altered.length - 1] ^= 1;

        Decryption outcome = PayloadDecryptor.create(KEY).decrypt(encrypted.encryptionInfo(),
                new ByteArrayInputStream(altered), PlaintextSink.stagedFile(target), ExpectedPlaintext.none());

        assertThat(outcome).isInstanceOf(Decryption.Discarded.class);
        assertThat(target).hasContent("old image");
        assertThat(dir).isDirectoryNotContaining(p -> !p.equals(target));
    }
}
