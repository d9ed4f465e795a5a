package io.drover.agent.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An artifact response being received.
 *
 * @param start the offset of the first byte of {@code stream}: the requested offset for a 206, 0 for a 200 (the
 *     server may ignore a range and send everything)
 * @param total the artifact's full size as the server states it, or -1 when it does not
 */
public record ArtifactBody(long start, long total, InputStream stream) implements Closeable {
    public ArtifactBody {
        Objects.requireNonNull(stream, "stream");
        if (start < 0) {
            throw new IllegalArgumentException("start must not be negative");
        }
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
