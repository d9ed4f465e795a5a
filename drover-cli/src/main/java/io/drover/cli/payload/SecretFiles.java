package io.drover.cli.payload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Key files: never overwritten, secrets created owner-only before a byte is written. */
final class SecretFiles {
    private SecretFiles() {
    }

    static void refuseExisting(Path... files) throws IOException {
        for (Path file : files) {
            if (Files.exists(file)) {
                throw new IOException("refusing to overwrite an existing key: " + file);
            }
        }
    }

    static void writeOwnerOnly(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}
