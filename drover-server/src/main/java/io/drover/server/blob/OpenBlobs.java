package io.drover.server.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of the blobs read most recently, kept open for reads at any position. A block-wise download reads one
 * blob a block at a time, by many devices at once; opening, seeking and closing its file for every block cost more
 * than the read itself. Blobs never change, so an open file stays right. Once more than {@code capacity} are open, the
 * least recently read is closed, as soon as no reader uses it.
 */
final class OpenBlobs implements AutoCloseable {
    /** Opens a blob's file; throws when the blob is not stored. */
    interface Opener {
        FileChannel open(Sha256 digest) throws IOException;
    }

    /** What a reader does with the open file. */
    interface Use<T> {
        T apply(FileChannel channel) throws IOException;
    }

    /** An open file and how many readers use it now. */
    private static final class Handle {
        final Sha256 digest;
        final FileChannel channel;
        int readers;
        boolean evicted;

        Handle(Sha256 digest, FileChannel channel) {
            this.digest = digest;
            this.channel = channel;
        }
    }

    private final int capacity;
    private final Opener opener;
    private final Map<Sha256, Handle> open;
    private boolean closed;

    OpenBlobs(int capacity, Opener opener) {
        this.capacity = capacity;
        this.opener = opener;
        this.open = new LinkedHashMap<>(capacity, 0.75f, true);
    }

    /**
     * Applies {@code use} to the open file of {@code digest}, opened now when it is not open yet. Reads at a position
     * ({@link FileChannel#read(java.nio.ByteBuffer, long)}) may run in many threads at once. A file channel closes
     * itself when a thread reading it is interrupted; the other readers then open the file again.
     */
    <T> T withChannel(Sha256 digest, Use<T> use) throws IOException {
        while (true) {
            Handle handle = acquire(digest);
            try {
                return use.apply(handle.channel);
            } catch (ClosedChannelException e) {
                forget(handle); // closed for every reader: an interrupted reader closes a file channel
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            } finally {
                release(handle);
            }
        }
    }

    private synchronized Handle acquire(Sha256 digest) throws IOException {
        if (closed) {
            throw new IllegalStateException("the blob store is closed");
        }
        Handle handle = open.get(digest);
        if (handle == null) {
            handle = new Handle(digest, opener.open(digest));
            open.put(digest, handle);
            if (open.size() > capacity) {
                Handle eldest = open.values().iterator().next();
                open.remove(eldest.digest);
                eldest.evicted = true;
                closeIfUnused(eldest);
            }
        }
        handle.readers++;
        return handle;
    }

    private synchronized void release(Handle handle) {
        handle.readers--;
        closeIfUnused(handle);
    }

    private synchronized void forget(Handle handle) {
        if (open.get(handle.digest) == handle) {
            open.remove(handle.digest);
            handle.evicted = true;
        }
    }

    private static void closeIfUnused(Handle handle) {
        if (handle.evicted && handle.readers == 0) {
            try {
                handle.channel.close();
            } catch (IOException e) {
                // Opened read-only: nothing is lost.
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        List<Handle> handles = new ArrayList<>(open.values());
        open.clear();
        IOException first = null;
        for (Handle handle : handles) {
            handle.evicted = true;
            if (handle.readers == 0) {
                try {
                    handle.channel.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw new UncheckedIOException("closing the blob store's open files", first);
        }
    }
}
