package io.drover.sim.impair;

import java.util.concurrent.atomic.AtomicLong;

/** What one direction of a relay did, summed over its connections. */
final class RelayCounters {
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong corrupted = new AtomicLong();

    void forwarded(int bytes) {
        forwarded.addAndGet(bytes);
    }

    void corrupted(int bytes) {
        corrupted.addAndGet(bytes);
    }

    long forwarded() {
        return forwarded.get();
    }

    long corrupted() {
        return corrupted.get();
    }
}
