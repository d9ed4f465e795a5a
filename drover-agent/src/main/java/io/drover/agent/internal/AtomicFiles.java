package io.drover.agent.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * File replacement that a power cut cannot half-apply: the new content goes to a temporary file in the same
 * directory, is forced to the device, then renamed over the target; the directory is forced so the rename itself
 * is durable. A reader therefore sees either the whole old file or the whole new one. Directories are created
 * durably too, so that a file made durable in a new directory cannot vanish with the directory's own entry.
 */
public final class AtomicFiles {
    /** What {@link #temporarySibling} names: the target's name, a hexadecimal stamp, {@code .tmp}. */
    private static final Pattern LEFTOVER = Pattern.compile(".+\\.[0-9a-f]+\\.tmp");

    private AtomicFiles() {}

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, new FileAttribute<?>[0]);
    }

    /**
     * Like {@link #write}, for a secret: the file is created readable and writable by its owner only (mode 0600) where
     * the file system has POSIX permissions, so no other user can read it even for an instant.
     */
    public static void writePrivate(Path target, byte[] content) throws IOException {
        boolean posix = target.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        write(target, content, posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0]);
    }

    private static void write(Path target, byte[] content, FileAttribute<?>[] attributes) throws IOException {
        Path temp = temporarySibling(target);
        try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        moveDurably(temp, target);
    }

    /** Renames {@code source} over {@code target} (same directory) and forces the directory entry. */
    public static void moveDurably(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * A fresh name next to {@code target}. A crash can leave such a {@code .tmp} file behind; nothing reads it, and
     * {@link #deleteLeftoversIn} clears it.
     */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling(target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    }

    /**
     * Deletes the temporary files in {@code directory} (not below it) that writes cut short by a crash left behind.
     * For the one process that writes there, when it starts and before it writes: a reader beside a running writer
     * could delete a write in progress. A leftover of a secret (a key) must not outlive the crash either.
     */
    public static void deleteLeftoversIn(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory,
                entry -> LEFTOVER.matcher(entry.getFileName().toString()).matches())) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    /**
     * Creates {@code directory} and its missing parents, forcing the parent of each one it creates; does nothing when
     * it exists. Returns {@code directory}.
     */
    public static Path createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return directory;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(absolute);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e; // A file is in the way.
            }
            return directory;
        }
        if (parent != null) {
            forceDirectory(parent);
        }
        return directory;
    }

    public static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
