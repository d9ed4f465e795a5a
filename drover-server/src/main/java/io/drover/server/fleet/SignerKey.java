package io.drover.server.fleet;

import io.drover.suit.VerificationKey;
import java.time.Instant;
import java.util.Objects;

/** A vendor key allowed to sign releases for one device class. */
public record SignerKey(String className, VerificationKey key, Instant createdAt) {
    public SignerKey {
        Names.require("class name", className);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
