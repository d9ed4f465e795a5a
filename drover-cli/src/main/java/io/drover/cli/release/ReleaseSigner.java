package io.drover.cli.release;

import io.drover.cli.payload.PayloadEncryption;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.ImageSpec;
import io.drover.suit.ManifestSigner;
import io.drover.suit.SigningKey;
import io.drover.suit.UpdateSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a {@link ReleaseDescription} and its artifact files into a signed SUIT envelope. */
public final class ReleaseSigner {
    private ReleaseSigner() {}

    /** Signs a release without encrypted components. */
    public static byte[] sign(SigningKey key, ReleaseDescription description, Path baseDir) throws IOException {
        return sign(key, description, baseDir, Optional.empty());
    }

    /**
     * Signs a release; each encrypted component's artifact is encrypted to {@code <out>.<component>.enc}, its default
     * uri is that file's artifact address, and the manifest keeps the plaintext digest and size plus the encryption
     * info.
     */
    public static byte[] sign(SigningKey key, ReleaseDescription description, Path baseDir, Optional<Path> out)
            throws IOException {
        List<ImageSpec> images = new ArrayList<>();
        for (ReleaseDescription.Component c : description.components()) {
            Path artifact = baseDir.resolve(c.artifact());
            if (c.encryption() == null) {
                byte[] sha256 = digestOf(artifact);
                String uri = c.uri() != null ? c.uri() : ArtifactAddress.of(sha256).uri();
                images.add(new ImageSpec(c.name(), c.version(), sha256, Files.size(artifact), uri));
            } else {
                Path target = encryptedArtifact(out.orElseThrow(() -> new IllegalArgumentException(
                        "component " + c.name() + " is encrypted, which needs an output path")), c.name());
                PayloadEncryption.Result encrypted = c.encryption().encrypt(artifact, target, baseDir);
                String uri = c.uri() != null ? c.uri() : ArtifactAddress.of(encrypted.ciphertextSha256()).uri();
                images.add(new ImageSpec(c.name(), c.version(), encrypted.payload().plaintextSha256(),
                        encrypted.payload().plaintextSize(), uri).withEncryptionInfo(encrypted.payload().encryptionInfo()));
            }
        }
        UpdateSpec spec = new UpdateSpec(description.vendorId(), description.classId(), description.sequenceNumber(), images);
        return ManifestSigner.create(key).sign(spec);
    }

    /** Where {@code release sign} writes a component's encrypted artifact. */
    public static Path encryptedArtifact(Path out, String component) {
        return Path.of(out + "." + component + ".enc");
    }

    /** SHA-256 of a file, streamed: firmware images need not fit in memory. */
    public static byte[] digestOf(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return ((DigestInputStream) in).getMessageDigest().digest();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
