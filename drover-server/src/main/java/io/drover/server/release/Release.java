package io.drover.server.release;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A verified, signed SUIT envelope for one device class, and what it installs. Its sequence number is above every
 * earlier release of the class, so devices can refuse a rollback.
 */
public record Release(long id, String className, long sequenceNumber, String signerKeyId, List<ReleaseComponent> components,
        Instant createdAt) {
    public Release {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(signerKeyId, "signerKeyId");
        components = List.copyOf(components);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
