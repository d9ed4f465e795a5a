package io.drover.server.artifact;

import java.time.Instant;
import java.util.Objects;

/** An uploaded, immutable artifact, named by the SHA-256 of its bytes. */
public record Artifact(String sha256, long size, Instant createdAt) {
    public Artifact {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
