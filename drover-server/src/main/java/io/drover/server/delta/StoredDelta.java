package io.drover.server.delta;

import java.time.Instant;
import java.util.Objects;

/** One row of the delta table: a (base, target) pair and its delta, if made. */
record StoredDelta(String baseSha256, String targetSha256, DeltaStatus status, String deltaSha256, Long deltaSize,
        String reason, Instant claimedAt) {
    StoredDelta {
        Objects.requireNonNull(baseSha256, "baseSha256");
        Objects.requireNonNull(targetSha256, "targetSha256");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(claimedAt, "claimedAt");
    }
}
