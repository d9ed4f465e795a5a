package io.drover.agent.download;

import io.drover.agent.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A token bucket over the bytes an agent downloads, so that an update does not take a device's whole link. The
 * bucket holds {@link #BURST_BYTES} (one read's worth) and refills at the rate. Bytes are paid for after they were
 * read: when the credit runs out, the downloader sleeps until the rate catches up, and TCP's flow control slows the
 * sender meanwhile. Over any stretch of time, at most {@code BURST_BYTES + rate × elapsed} bytes get through.
 *
 * <p>Time comes from a monotonic nanosecond source. A sleeper that returns early (a test's, the simulator's) is
 * taken at its word: the throttle's own schedule, not the clock alone, says when more bytes may come, so its waits
 * add up to what the rate demands whatever the sleeper does. One download at a time: not thread-safe.
 */
public final class DownloadThrottle {
    /** The credit a full bucket holds: the downloader's read size, so one read never waits for itself. */
    public static final int BURST_BYTES = 64 * 1024;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long bytesPerSecond;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** When the bytes passed so far may all have arrived at the rate (never more than the burst behind now). */
    private long scheduled = Long.MIN_VALUE;
    /** When the last wait was to end; time is never taken to be earlier than this. */
    private long wokeAt = Long.MIN_VALUE;

    private DownloadThrottle(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Lets every byte through at once: the default. */
    public static DownloadThrottle unlimited() {
        return new DownloadThrottle(0, () -> 0, duration -> { });
    }

    /**
     * @param bytesPerSecond the average rate, at least 1
     * @param nanoTime a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     * @param sleeper waits when the credit is used up
     */
    public static DownloadThrottle of(long bytesPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("a download rate must be at least 1 byte per second, got "
                    + bytesPerSecond);
        }
        return new DownloadThrottle(bytesPerSecond, Objects.requireNonNull(nanoTime, "nanoTime"),
                Objects.requireNonNull(sleeper, "sleeper"));
    }

    /** Takes {@code bytes} just read from the credit, waiting first if that leaves the credit short. */
    void pass(int bytes) throws InterruptedException {
        if (bytesPerSecond == 0) {
            return;
        }
        long now = Math.max(nanoTime.getAsLong(), wokeAt);
        // A quiet link earns credit, but never more than one burst.
        scheduled = Math.max(scheduled, now - nanosFor(BURST_BYTES));
        scheduled += nanosFor(bytes);
        if (scheduled > now) {
            sleeper.sleep(Duration.ofNanos(scheduled - now));
            wokeAt = scheduled;
        }
    }

    private long nanosFor(int bytes) {
        return bytes * NANOS_PER_SECOND / bytesPerSecond;
    }
}
