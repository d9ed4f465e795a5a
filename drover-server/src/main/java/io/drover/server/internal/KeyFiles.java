package io.drover.server.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Key files a node makes on its first start (the ledger key, the CoAP keys): readable by their owner only, and made
 * once even when several nodes sharing a folder start together, since every node must then hold the same key.
 */
public final class KeyFiles {
    private KeyFiles() {}

    /** The text of {@code file}; when it does not exist yet, it is written with {@code fresh} first. */
    public static String readOrCreate(Path file, Supplier<String> fresh) {
        try {
            if (!Files.exists(file)) {
                create(file, fresh.get());
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    private static void create(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path fresh = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            if (fresh.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(fresh, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            // A link, not a move: a node starting at the same moment keeps the key that was there first.
            Files.createLink(file, fresh);
        } catch (FileAlreadyExistsException someoneElseWasFirst) {
            // the other node's key is the one
        } finally {
            Files.deleteIfExists(fresh);
        }
    }
}
