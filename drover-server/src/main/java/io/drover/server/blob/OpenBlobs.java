package io.drover.server.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of the blobs read most recently, kept open for reads at any position. A block-wise download reads one
 * blob a block at a time, by many devices at once; opening, seeking and closing its file for every block cost more
 * than the read itself. Blobs never change, so an open file stays right; the least recently read is closed once more
 * than {@code capacity} are open.
 */
final class OpenBlobs implements AutoCloseable {
    /** Opens a blob's file; throws when the blob is not stored. */
    interface Opener {
        FileChannel open(Sha256 digest) throws IOException;
    }

    private final int capacity;
    private final Opener opener;
    private final Map<Sha256, FileChannel> open;
    private boolean closed;

    OpenBlobs(int capacity, Opener opener) {
        this.capacity = capacity;
        this.opener = opener;
        this.open = new LinkedHashMap<>(capacity, 0.75f, true);
    }

    /** The open file of {@code digest}, opened now when it is not open yet. */
    synchronized FileChannel channel(Sha256 digest) throws IOException {
        if (closed) {
            throw new IllegalStateException("the blob store is closed");
        }
        FileChannel channel = open.get(digest);
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        channel = opener.open(digest);
        open.put(digest, channel);
        if (open.size() > capacity) {
            var eldest = open.entrySet().iterator().next();
            open.remove(eldest.getKey());
            closeQuietly(eldest.getValue());
        }
        return channel;
    }

    @Override
    public synchronized void close() {
        closed = true;
        List<FileChannel> channels = new ArrayList<>(open.values());
        open.clear();
        IOException first = null;
        for (FileChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new UncheckedIOException("closing the blob store's open files", first);
        }
    }

    /** A reader of an evicted file gets ClosedChannelException and opens it again. */
    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Opened read-only: nothing is lost.
        }
    }
}
