package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.suit.ComponentManifest;
import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.VerificationKey;
import io.drover.suit.Verification;
import io.drover.suit.encryption.Decryption;
import io.drover.suit.encryption.ExpectedPlaintext;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.PayloadDecryptor;
import io.drover.suit.encryption.PlaintextSink;
import io.drover.suit.encryption.RecipientPrivateKey;
import io.drover.suit.SecretKeyAccess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Payload encryption on the command line: recipient and group keys, and encrypted components in release sign. */
class EncryptionCommandsTest {
    @TempDir
    Path dir;

    @Test
    void generatesRecipientAndGroupKeysWithOwnerOnlySecrets() throws IOException {
        CliRun recipient = CliRun.of("keys", "generate-recipient", "--curve", "P256", "--out", dir.resolve("dev1").toString());
        CliRun group = CliRun.of("keys", "generate-group", "--out", dir.resolve("fleet").toString());

        assertThat(recipient.exitCode()).as(recipient.err()).isZero();
        assertThat(group.exitCode()).as(group.err()).isZero();
        assertThat(ownerOnly(dir.resolve("dev1.key.pem"))).isTrue();
        assertThat(ownerOnly(dir.resolve("fleet.group.pem"))).isTrue();
        assertThat(RecipientPrivateKey.fromPem(Files.readString(dir.resolve("dev1.key.pem")), SecretKeyAccess.get())
                .publicKey().toPem()).isEqualTo(Files.readString(dir.resolve("dev1.pub.pem")));
        assertThat(GroupKey.fromPem(Files.readString(dir.resolve("fleet.group.pem")), SecretKeyAccess.get()).algorithm())
                .isEqualTo(GroupKey.Algorithm.A128KW);

        CliRun again = CliRun.of("keys", "generate-group", "--out", dir.resolve("fleet").toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("refusing to overwrite");
    }

    @Test
    void signsAReleaseWhoseEncryptedArtifactEveryNamedKeyDecrypts() throws IOException {
        CliRun.of("keys", "generate", "--out", dir.resolve("vendor").toString());
        CliRun.of("keys", "generate-recipient", "--out", dir.resolve("dev1").toString());
        CliRun.of("keys", "generate-recipient", "--curve", "P256", "--out", dir.resolve("dev2").toString());
        CliRun.of("keys", "generate-group", "--algorithm", "A256KW", "--out", dir.resolve("fleet").toString());
        byte[] firmware = new byte[100_000];
        new Random(1).nextBytes(firmware);
        Files.write(dir.resolve("app.bin"), firmware);
        Files.writeString(dir.resolve("os.bin"), "plain os image");
        Files.writeString(dir.resolve("release.json"), """
                {"vendorId":"%s","classId":"%s","sequenceNumber":3,
                 "components":[
                   {"name":"app","version":"2.0.0","artifact":"app.bin",
                    "encryption":{"algorithm":"A256CTR","groupKey":"fleet.group.pem",
                                  "recipients":["dev1.pub.pem","dev2.pub.pem"]}},
                   {"name":"os","version":"1.0.0","artifact":"os.bin"}]}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID()));
        Path out = dir.resolve("release.suit");

        CliRun sign = CliRun.of("release", "sign", "--key", dir.resolve("vendor.key.pem").toString(),
                "--description", dir.resolve("release.json").toString(), "--out", out.toString());

        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(sign.out()).contains("encrypted app (A256CTR) -> " + out + ".app.enc");
        Path encrypted = dir.resolve("release.suit.app.enc");
        assertThat(Files.readAllBytes(encrypted)).hasSameSizeAs(firmware).isNotEqualTo(firmware);
        assertThat(dir.resolve("release.suit.os.enc")).doesNotExist();

        var verified = (Verification.Verified) EnvelopeVerifier.create(
                List.of(VerificationKey.fromPem(Files.readString(dir.resolve("vendor.pub.pem"))))).verify(Files.readAllBytes(out));
        ComponentManifest app = verified.envelope().manifest().components().get(0);
        assertThat(verified.envelope().manifest().components().get(1).encryptionInfo()).isEmpty();
        for (PayloadDecryptor decryptor : List.of(
                PayloadDecryptor.create(GroupKey.fromPem(Files.readString(dir.resolve("fleet.group.pem")), SecretKeyAccess.get())),
                PayloadDecryptor.create(RecipientPrivateKey.fromPem(Files.readString(dir.resolve("dev1.key.pem")), SecretKeyAccess.get())),
                PayloadDecryptor.create(RecipientPrivateKey.fromPem(Files.readString(dir.resolve("dev2.key.pem")), SecretKeyAccess.get())))) {
            Path target = dir.resolve("installed.bin");
            try (InputStream in = Files.newInputStream(encrypted)) {
                Decryption outcome = decryptor.decrypt(app.encryptionInfo().orElseThrow(), in, PlaintextSink.stagedFile(target),
                        ExpectedPlaintext.image(app.imageSha256().orElseThrow(), app.imageSize().getAsLong()));
                assertThat(outcome).isInstanceOf(Decryption.Committed.class);
            }
            assertThat(target).hasBinaryContent(firmware);
            Files.delete(target);
        }

        CliRun inspect = CliRun.of("manifest", "inspect", out.toString());
        assertThat(inspect.out()).contains("encryption-info", "image-size: 100000");
    }

    @Test
    void refusesAnEncryptionWithoutKeys() throws IOException {
        CliRun.of("keys", "generate", "--out", dir.resolve("vendor").toString());
        Files.writeString(dir.resolve("app.bin"), "x");
        Files.writeString(dir.resolve("release.json"), """
                {"vendorId":"%s","classId":"%s","sequenceNumber":1,
                 "components":[{"name":"app","version":"1","artifact":"app.bin","encryption":{"algorithm":"A128GCM"}}]}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID()));

        CliRun sign = CliRun.of("release", "sign", "--key", dir.resolve("vendor.key.pem").toString(),
                "--description", dir.resolve("release.json").toString(), "--out", dir.resolve("r.suit").toString());

        assertThat(sign.exitCode()).isEqualTo(1);
        assertThat(sign.err()).contains("groupKey or at least one recipient");
        assertThat(dir.resolve("r.suit")).doesNotExist();
    }

    private static boolean ownerOnly(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).equals("rw-------");
    }
}
