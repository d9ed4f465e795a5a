package io.drover.agent.transport;

import io.drover.agent.slot.ImageDigest;
import java.util.Objects;

/**
 * One image the server offers for an assignment; {@code url} is relative to the server base URL. {@code delta}, when
 * not null, is a delta from an image the device runs that the server offers instead.
 */
public record Artifact(String component, String sha256, long size, String url, DeltaOffer delta) {
    public Artifact(String component, String sha256, long size, String url) {
        this(component, sha256, size, url, null);
    }

    public Artifact {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(url, "url");
        // Validates the digest's shape and the size's sign here, at the protocol boundary.
        new ImageDigest(sha256, size);
    }

    public ImageDigest digest() {
        return new ImageDigest(sha256, size);
    }
}
