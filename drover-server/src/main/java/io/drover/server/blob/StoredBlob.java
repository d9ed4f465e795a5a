package io.drover.server.blob;

import java.util.Objects;

/** A blob in the store: its name and size. */
public record StoredBlob(Sha256 sha256, long size) {
    public StoredBlob {
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }
}
