package io.drover.agent.download;

import io.drover.agent.internal.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How hard the agent tries to finish one image download. Only attempts that make no progress count against
 * {@code attemptsWithoutProgress}: a slow, flaky link that keeps delivering bytes is allowed to finish.
 */
public record RetryPolicy(int attemptsWithoutProgress, Duration initialBackoff, Duration maxBackoff) {
    public RetryPolicy {
        if (attemptsWithoutProgress < 1) {
            throw new IllegalArgumentException("attemptsWithoutProgress must be at least 1");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        new Backoff(initialBackoff, maxBackoff);
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }
}
