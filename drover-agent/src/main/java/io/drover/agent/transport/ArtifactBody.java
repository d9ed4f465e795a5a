package io.drover.agent.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * An artifact response being received.
 *
 * @param start the offset of the first byte of {@code stream}: the requested offset for a 206, 0 for a 200 (the
 *     server may ignore a range and send everything)
 * @param total the artifact's full size as the server states it, or -1 when it does not
 * @param sha256 the SHA-256 of the whole body as the server states it (the Drover server's ETag over HTTP), which
 *     tells whoever asked by a prefix of it which digest the server meant; empty when it states none (CoAP)
 */
public record ArtifactBody(long start, long total, Optional<String> sha256, InputStream stream) implements Closeable {
    public ArtifactBody {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(stream, "stream");
        if (start < 0) {
            throw new IllegalArgumentException("start must not be negative");
        }
    }

    /** A body whose digest the server does not state. */
    public ArtifactBody(long start, long total, InputStream stream) {
        this(start, total, Optional.empty(), stream);
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
