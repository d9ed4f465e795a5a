package io.drover.agent.download;

import io.drover.agent.internal.AtomicFiles;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.ImageWriter;
import io.drover.agent.slot.PartialFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an encrypted image's ciphertext waits, outside the slots, until it is decrypted into one:
 * {@code <sha256>.part} while it downloads (named by its digest, so a restart resumes it safely), then
 * {@code <sha256>.ciphertext} once complete and checked. Images download one after another, so the staging area
 * holds one ciphertext at a time: opening one removes any other, and nothing of an abandoned release lingers.
 */
public final class CiphertextStaging {
    private static final String PARTIAL_SUFFIX = ".part";
    private static final String COMPLETE_SUFFIX = ".ciphertext";

    private final Path directory;

    public CiphertextStaging(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** A writer for {@code ciphertext} that continues what an earlier attempt kept; commit marks it complete. */
    ImageWriter open(ImageDigest ciphertext) throws IOException {
        AtomicFiles.createDirectories(directory);
        Path partial = directory.resolve(ciphertext.sha256() + PARTIAL_SUFFIX);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (!entry.equals(partial)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
        return PartialFile.open(partial, directory.resolve(ciphertext.sha256() + COMPLETE_SUFFIX));
    }

    /** The complete ciphertext committed by {@link #open}'s writer. */
    InputStream read(ImageDigest ciphertext) throws IOException {
        return Files.newInputStream(directory.resolve(ciphertext.sha256() + COMPLETE_SUFFIX));
    }

    /** Deletes the complete ciphertext once it is decrypted (or refused): it is never needed twice. */
    void remove(ImageDigest ciphertext) throws IOException {
        Files.deleteIfExists(directory.resolve(ciphertext.sha256() + COMPLETE_SUFFIX));
    }
}
