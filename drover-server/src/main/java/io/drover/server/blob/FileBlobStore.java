package io.drover.server.blob;

import io.drover.error.DroverException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The default {@link BlobStore}: one file per blob under {@code root/sha256/ab/abcdef…}. Uploads go to {@code root/tmp}
 * first and are moved into place atomically only once their size and digest are checked, so a reader never sees a
 * partial blob and a failed upload leaves nothing behind.
 */
public final class FileBlobStore implements BlobStore {
    private static final int BUFFER_SIZE = 64 * 1024;
    /**
     * An upload file untouched this long is a crash's leftover: a live upload writes every few seconds at worst (the
     * HTTP server closes idle connections long before), and another node sharing the folder may be writing one now.
     */
    static final Duration ABANDONED_UPLOAD = Duration.ofHours(1);

    /** Blobs kept open for block reads: a node serves few releases at a time, each of a few artifacts. */
    private static final int OPEN_FOR_READS = 64;

    private final Path blobs;
    private final Path incoming;
    private final OpenBlobs openForReads = new OpenBlobs(OPEN_FOR_READS, this::openFile);

    private FileBlobStore(Path root) {
        this.blobs = root.resolve("sha256");
        this.incoming = root.resolve("tmp");
    }

    /**
     * Opens (creating if needed) the store under {@code root}, discarding uploads a crash left unfinished: those
     * untouched for {@link #ABANDONED_UPLOAD}, since server nodes sharing the folder may have uploads under way.
     */
    public static FileBlobStore open(Path root) {
        FileBlobStore store = new FileBlobStore(root);
        try {
            Files.createDirectories(store.blobs);
            Files.createDirectories(store.incoming);
            // File times come from the file system's clock, so they are compared with the system's, not an injected one.
            Instant abandonedBefore = Instant.now().minus(ABANDONED_UPLOAD);
            try (Stream<Path> leftovers = Files.list(store.incoming)) {
                for (Path p : (Iterable<Path>) leftovers::iterator) {
                    if (Files.getLastModifiedTime(p).toInstant().isBefore(abandonedBefore)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open blob store at " + root, e);
        }
        return store;
    }

    @Override
    public StoredBlob put(InputStream content, long maxBytes, Optional<Sha256> expected) {
        Path temp = null;
        try {
            temp = Files.createTempFile(incoming, "upload-", ".part");
            MessageDigest sha256 = newSha256();
            long size = copyLimited(content, temp, sha256, maxBytes);
            Sha256 actual = Sha256.of(sha256.digest());
            if (expected.isPresent() && !expected.get().equals(actual)) {
                throw new DroverException(BlobErrors.DIGEST_MISMATCH, "the uploaded bytes have SHA-256 " + actual
                        + ", not the expected " + expected.get());
            }
            Path target = pathOf(actual);
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException alreadyStored) {
                // Content-addressed: identical bytes are already there.
            }
            return new StoredBlob(actual, size);
        } catch (IOException e) {
            throw new DroverException(BlobErrors.UPLOAD_INTERRUPTED, "the upload broke off before it was complete: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static long copyLimited(InputStream content, Path temp, MessageDigest sha256, long maxBytes) throws IOException {
        long size = 0;
        byte[] buffer = new byte[BUFFER_SIZE];
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE);
                FileChannel sync = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            int n;
            while ((n = content.read(buffer)) != -1) {
                size += n;
                if (size > maxBytes) {
                    throw new DroverException(BlobErrors.TOO_LARGE, "the upload exceeds the limit of " + maxBytes + " bytes");
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            out.flush();
            sync.force(true);
        }
        return size;
    }

    @Override
    public Optional<StoredBlob> find(Sha256 digest) {
        Path path = pathOf(digest);
        try {
            return Optional.of(new StoredBlob(digest, Files.size(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public SeekableByteChannel open(Sha256 digest) {
        try {
            return openFile(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] read(Sha256 digest, long offset, int length) {
        try {
            return openForReads.withChannel(digest, channel -> readFully(channel, digest, offset, new byte[length]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fills {@code into} from {@code offset}; returns it. */
    private static byte[] readFully(FileChannel channel, Sha256 digest, long offset, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException("blob " + digest + " ended at byte " + (offset + buffer.position())
                        + ", before byte " + (offset + into.length));
            }
        }
        return into;
    }

    @Override
    public void close() {
        openForReads.close();
    }

    private FileChannel openFile(Sha256 digest) throws IOException {
        try {
            return FileChannel.open(pathOf(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new DroverException(BlobErrors.NOT_FOUND, "no artifact with SHA-256 " + digest);
        }
    }

    private Path pathOf(Sha256 digest) {
        return blobs.resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // A leftover in tmp/ is removed at the next open; the upload itself already failed or succeeded.
        }
    }
}
