package io.drover.server.release;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A verified, signed SUIT envelope for one device class, and what it installs. Its sequence number is above every
 * earlier release of the class, so devices can refuse a rollback.
 *
 * @param envelopeSha256 the SHA-256 of the envelope's bytes as uploaded (64 lowercase hex digits), by which devices
 *     and gateways may also ask for it
 */
public record Release(long id, String className, long sequenceNumber, String signerKeyId, String envelopeSha256,
        List<ReleaseComponent> components, Instant createdAt) {
    public Release {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(signerKeyId, "signerKeyId");
        Objects.requireNonNull(envelopeSha256, "envelopeSha256");
        components = List.copyOf(components);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** What a device runs of this release's components once installed: component → version. */
    public Map<String, String> versions() {
        Map<String, String> versions = new TreeMap<>();
        components.forEach(c -> versions.put(c.component(), c.version()));
        return versions;
    }
}
