package io.drover.server.release;

import io.drover.server.blob.Sha256;
import java.util.Objects;

/**
 * A release's signed envelope found by its digest or a prefix of it, with the whole digest, which the answer states
 * so that whoever asked by a prefix can check the bytes against it.
 */
public record NamedEnvelope(Sha256 sha256, byte[] bytes) {
    public NamedEnvelope {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(bytes, "bytes");
    }
}
