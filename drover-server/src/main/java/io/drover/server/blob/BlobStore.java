package io.drover.server.blob;

import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * Immutable, content-addressed storage for artifact bytes. Blobs are named by their SHA-256 and stored once however often
 * they are uploaded. Implementations stream: no blob is ever held whole in memory.
 */
public interface BlobStore extends AutoCloseable {

    /**
     * Stores {@code content}, reading it to the end.
     *
     * @param maxBytes the most bytes accepted; more fails with {@link BlobErrors#TOO_LARGE}
     * @param expected when present, the digest the content must have, else {@link BlobErrors#DIGEST_MISMATCH}
     * @return the stored blob. On any failure, including a stream that breaks off, nothing is left behind.
     */
    StoredBlob put(InputStream content, long maxBytes, Optional<Sha256> expected);

    /** The blob with this digest, if stored. */
    Optional<StoredBlob> find(Sha256 digest);

    /** Opens a stored blob for reading at any position; fails with {@link BlobErrors#NOT_FOUND} if it is not stored. */
    SeekableByteChannel open(Sha256 digest);

    /**
     * {@code length} bytes of a stored blob from {@code offset}: one block of a block-wise download. Fails with
     * {@link BlobErrors#NOT_FOUND} if it is not stored, and with an {@link java.io.UncheckedIOException} if it ends
     * before {@code offset + length}.
     */
    byte[] read(Sha256 digest, long offset, int length);

    /** Lets go of what the store holds open. */
    @Override
    void close();
}
