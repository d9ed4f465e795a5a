package io.drover.suit.encryption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** {@link PlaintextSink#stagedFile}: a temporary sibling file, forced to disk and renamed over the target on commit. */
final class StagedFileSink implements PlaintextSink {
    private final Path target;
    private final Path staging;
    private final FileChannel channel;

    private StagedFileSink(Path target, Path staging, FileChannel channel) {
        this.target = target;
        this.staging = staging;
        this.channel = channel;
    }

    static StagedFileSink create(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path staging = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".partial");
        return new StagedFileSink(absolute, staging,
                FileChannel.open(staging, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void discard() {
        try {
            channel.close();
        } catch (IOException e) {
            // the staging file is deleted below either way
        }
        try {
            Files.deleteIfExists(staging);
        } catch (IOException e) {
            // a leftover ".partial" file is never mistaken for the target; nothing more to do
        }
    }
}
