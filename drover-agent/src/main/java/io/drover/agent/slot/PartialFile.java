package io.drover.agent.slot;

import io.drover.agent.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@link ImageWriter} over a partial file that {@link #commit()} durably renames to its target. The file keeps
 * its bytes across restarts, so whoever names it after the content it will hold (a digest) can resume it safely.
 */
public final class PartialFile implements ImageWriter {
    private final FileChannel channel;
    private final Path partial;
    private final Path image;
    private long size;

    /** Continues {@code partial} after the bytes it holds (or creates it); commit renames it to {@code target}. */
    public static PartialFile open(Path partial, Path target) throws IOException {
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long kept = channel.size();
        channel.position(kept);
        return new PartialFile(channel, kept, partial, target);
    }

    private PartialFile(FileChannel channel, long size, Path partial, Path image) {
        this.channel = channel;
        this.size = size;
        this.partial = partial;
        this.image = image;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        size += length;
    }

    @Override
    public void restart() throws IOException {
        channel.truncate(0);
        channel.position(0);
        size = 0;
    }

    @Override
    public InputStream readBack() throws IOException {
        channel.force(false);
        return Channels.newInputStream(FileChannel.open(partial, StandardOpenOption.READ));
    }

    @Override
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        AtomicFiles.moveDurably(partial, image);
    }

    @Override
    public void discard() throws IOException {
        channel.close();
        Files.deleteIfExists(partial);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
