package io.drover.agent.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * A committed release whose health the agent reports until {@code until}, as kept in {@code dataDir/soak.json}.
 *
 * @param unexpectedStarts how often the agent started again without having been stopped (a power loss, a crash, a
 *     watchdog reset) since the release was committed
 * @param running whether an agent runs now; found true at a start, the previous one ended unexpectedly
 */
record Soak(long releaseId, long sequenceNumber, Instant until, int unexpectedStarts, boolean running) {
    Soak {
        Objects.requireNonNull(until, "until");
        if (unexpectedStarts < 0) {
            throw new IllegalArgumentException("unexpectedStarts must not be negative");
        }
    }

    /** This soak as a new agent finds it at its start. */
    Soak started() {
        return new Soak(releaseId, sequenceNumber, until, running ? unexpectedStarts + 1 : unexpectedStarts, true);
    }

    Soak stopped() {
        return new Soak(releaseId, sequenceNumber, until, unexpectedStarts, false);
    }
}
