package io.drover.server.fleet;

import static io.drover.server.store.Rows.timestamp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When devices were last seen. A check-in only notes the time in memory; {@link #flush()} writes all noted times in
 * one transaction, so polls cost no write of their own. Rows are updated in device-id order: two nodes flushing at
 * once then lock the same rows in the same order and cannot deadlock. A time is never moved backwards.
 */
public final class LastSeen implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LastSeen.class);

    private final Jdbi jdbi;
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService schedule;

    public LastSeen(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Notes that {@code deviceId} was seen at {@code at}; written by the next flush. */
    void note(String deviceId, Instant at) {
        pending.merge(deviceId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Flushes every {@code interval} on a thread of its own until closed. */
    public void flushEvery(Duration interval) {
        schedule = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("drover-last-seen").daemon().factory());
        schedule.scheduleWithFixedDelay(() -> {
            try {
                flush();
            } catch (RuntimeException e) {
                // The times went back to the pending set; the next flush tries again.
                log.warn("writing last-seen times failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes the times noted since the last flush, in one transaction; on failure they stay pending. */
    public synchronized void flush() {
        Map<String, Instant> batch = new TreeMap<>();
        for (String deviceId : pending.keySet()) {
            Instant at = pending.remove(deviceId);
            if (at != null) {
                batch.put(deviceId, at);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            jdbi.useTransaction(h -> {
                var update = h.prepareBatch("UPDATE device SET last_seen_at = :at WHERE id = :id "
                        + "AND (last_seen_at IS NULL OR last_seen_at < :at)");
                batch.forEach((deviceId, at) -> update.bind("at", timestamp(at)).bind("id", deviceId).add());
                update.execute();
            });
        } catch (RuntimeException e) {
            batch.forEach(this::note);
            throw e;
        }
    }

    /** Stops the schedule and writes what is still pending. */
    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdown();
            try {
                schedule.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
    }
}
