package io.drover.agent.slot;

import io.drover.agent.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * An {@link ImageWriter} over a partial file that {@link #commit()} durably renames to its target. The file keeps
 * its bytes across restarts, so whoever names it after the content it will hold (a digest) can resume it safely.
 * The file is opened only when first needed, so a writer whose download still waits for the server holds no file
 * descriptor (an emulator runs thousands of agents in one process).
 */
public final class PartialFile implements ImageWriter {
    private final Path partial;
    private final Path image;
    private FileChannel channel;
    private long size;

    /** Continues {@code partial} after the bytes it holds (or creates it); commit renames it to {@code target}. */
    public static PartialFile open(Path partial, Path target) throws IOException {
        BasicFileAttributes kept;
        try {
            kept = Files.readAttributes(partial, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return new PartialFile(0, partial, target);
        }
        if (!kept.isRegularFile()) {
            throw new IOException(partial + " is not a file");
        }
        return new PartialFile(kept.size(), partial, target);
    }

    private PartialFile(long size, Path partial, Path image) {
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
        FileChannel file = channel();
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            file.write(buffer);
        }
        size += length;
    }

    @Override
    public void restart() throws IOException {
        FileChannel file = channel();
        file.truncate(0);
        file.position(0);
        size = 0;
    }

    @Override
    public InputStream readBack() throws IOException {
        channel().force(false);
        return Channels.newInputStream(FileChannel.open(partial, StandardOpenOption.READ));
    }

    @Override
    public void commit() throws IOException {
        commitAs(image);
    }

    /**
     * Commits under another name than the target it was opened with: for content named after its digest where only
     * the complete bytes tell the whole digest (a gateway's fetch by a prefix of it).
     */
    public void commitAs(Path target) throws IOException {
        FileChannel file = channel();
        file.force(true);
        file.close();
        AtomicFiles.moveDurably(partial, target);
    }

    @Override
    public void discard() throws IOException {
        close();
        Files.deleteIfExists(partial);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    /** Opens (or creates) the partial file where the bytes written so far end. */
    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.position(size);
        }
        return channel;
    }
}
