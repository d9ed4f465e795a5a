package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vendor's workflow on the command line: keys, signing a release, inspecting and verifying it. */
class SigningCommandsTest {
    @TempDir
    Path dir;

    @Test
    void generatesAKeyPairWithAnOwnerOnlyPrivateKeyAndNeverOverwritesIt() throws IOException {
        CliRun run = CliRun.of("keys", "generate", "--algorithm", "ED25519", "--out", dir.resolve("vendor").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readString(dir.resolve("vendor.key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("vendor.pub.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("vendor.key.pem")))).isEqualTo("rw-------");

        String before = Files.readString(dir.resolve("vendor.key.pem"));
        CliRun again = CliRun.of("keys", "generate", "--out", dir.resolve("vendor").toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("refusing to overwrite");
        assertThat(Files.readString(dir.resolve("vendor.key.pem"))).isEqualTo(before);
    }

    @Test
    void signsADescribedReleaseThatVerifiesOnlyWithTheVendorsKey() throws IOException {
        CliRun.of("keys", "generate", "--out", dir.resolve("vendor").toString());
        CliRun.of("keys", "generate", "--out", dir.resolve("other").toString());
        Files.write(dir.resolve("app.bin"), new byte[] {1, 2, 3, 4, 5});
        Files.writeString(dir.resolve("release.json"), """
                {"vendorId":"%s","classId":"%s","sequenceNumber":7,
                 "components":[{"name":"app","version":"2.0.1","artifact":"app.bin"}]}""".formatted(UUID.randomUUID(), UUID.randomUUID()));

        CliRun sign = CliRun.of("release", "sign", "--key", dir.resolve("vendor.key.pem").toString(),
                "--description", dir.resolve("release.json").toString(), "--out", dir.resolve("release.suit").toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();

        CliRun verify = CliRun.of("manifest", "verify", dir.resolve("release.suit").toString(), "--key", dir.resolve("vendor.pub.pem").toString());
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("VALID", "sequence number 7");

        CliRun wrongKey = CliRun.of("manifest", "verify", dir.resolve("release.suit").toString(), "--key", dir.resolve("other.pub.pem").toString());
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.out()).contains("INVALID", "suit.unknown-signer");

        CliRun inspect = CliRun.of("manifest", "inspect", dir.resolve("release.suit").toString());
        assertThat(inspect.exitCode()).isZero();
        assertThat(inspect.out()).contains("sequence number 7", "app", "2.0.1", "image-size: 5");
    }

    @Test
    void refusesAnIncompleteDescriptionWithAClearMessageAndWritesNothing() throws IOException {
        CliRun.of("keys", "generate", "--out", dir.resolve("vendor").toString());
        Files.writeString(dir.resolve("release.json"), "{\"vendorId\":\"" + UUID.randomUUID() + "\"}");
        CliRun sign = CliRun.of("release", "sign", "--key", dir.resolve("vendor.key.pem").toString(),
                "--description", dir.resolve("release.json").toString(), "--out", dir.resolve("release.suit").toString());
        assertThat(sign.exitCode()).isEqualTo(1);
        assertThat(sign.err()).contains("classId");
        assertThat(dir.resolve("release.suit")).doesNotExist();
    }

    @Test
    void inspectsAndVerifiesThePublicSuitExample() throws IOException {
        // draft-ietf-suit-manifest-37 Appendix, example 0, signed with the draft's P-256 example key.
        Path example = dir.resolve("example0.hex");
        Path key = dir.resolve("example.pub.pem");
        Files.copy(getClass().getResourceAsStream("/example0-signed.cbor.hex"), example);
        Files.copy(getClass().getResourceAsStream("/example-signing-key-p256.public.pem"), key);

        CliRun inspect = CliRun.of("manifest", "inspect", example.toString());
        assertThat(inspect.exitCode()).as(inspect.err()).isZero();
        assertThat(inspect.out()).contains("fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe", "34768", "condition-vendor-identifier");

        CliRun verify = CliRun.of("manifest", "verify", example.toString(), "--key", key.toString());
        assertThat(verify.exitCode()).isZero();
        assertThat(verify.out()).contains("VALID");
    }

    @Test
    void reportsAGarbageEnvelopeAsMalformed() throws IOException {
        Files.writeString(dir.resolve("junk.suit"), "this is not a SUIT envelope");
        CliRun inspect = CliRun.of("manifest", "inspect", dir.resolve("junk.suit").toString());
        assertThat(inspect.exitCode()).isEqualTo(1);
        assertThat(inspect.err()).contains("suit.malformed");
    }
}
