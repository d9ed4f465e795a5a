package io.drover.agent.download;

import io.drover.agent.internal.Backoff;
import java.time.Duration;

/**
 * How hard the agent tries to finish one image download within a cycle. Only failed attempts that delivered no new
 * byte count against {@code retriesWithoutProgress}: a slow, flaky link that keeps delivering is allowed to finish.
 * The wait before a retry doubles with each such attempt in a row, from {@code initialBackoff} to {@code maxBackoff}.
 */
public record RetryPolicy(int retriesWithoutProgress, Duration initialBackoff, Duration maxBackoff) {
    public RetryPolicy {
        if (retriesWithoutProgress < 0) {
            throw new IllegalArgumentException("retriesWithoutProgress must not be negative");
        }
        // Constructed to apply Backoff's rules (0 <= initial <= max) now rather than at the first retry.
        new Backoff(initialBackoff, maxBackoff);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }
}
