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
 * Where a download that is not the image itself waits, outside the slots, until it is turned into one: an encrypted
 * image's ciphertext until it is decrypted, a delta until it is applied. {@code <sha256>.part} while it downloads
 * (named by its digest, so a restart resumes it safely), then {@code <sha256>.complete} once complete and checked.
 * Images download one after another, so the staging area holds one download at a time: opening one removes any
 * other, and nothing of an abandoned release lingers.
 */
public final class Staging {
    private static final String PARTIAL_SUFFIX = ".part";
    private static final String COMPLETE_SUFFIX = ".complete";

    private final Path directory;

    public Staging(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** A writer for {@code download} that continues what an earlier attempt kept; commit marks it complete. */
    ImageWriter open(ImageDigest download) throws IOException {
        AtomicFiles.createDirectories(directory);
        Path partial = directory.resolve(download.sha256() + PARTIAL_SUFFIX);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (!entry.equals(partial)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
        return PartialFile.open(partial, directory.resolve(download.sha256() + COMPLETE_SUFFIX));
    }

    /** The complete download committed by {@link #open}'s writer. */
    InputStream read(ImageDigest download) throws IOException {
        return Files.newInputStream(directory.resolve(download.sha256() + COMPLETE_SUFFIX));
    }

    /** Deletes the complete download once it is used (or refused): it is never needed twice. */
    void remove(ImageDigest download) throws IOException {
        Files.deleteIfExists(directory.resolve(download.sha256() + COMPLETE_SUFFIX));
    }
}
