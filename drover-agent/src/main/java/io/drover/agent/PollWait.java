package io.drover.agent;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * The wait between two cycles of {@link Agent#runUntil}: ±10% jitter, so that a fleet does not poll in lockstep, slept
 * in slices so that the stop condition, and news from the server that ends the wait early, are seen promptly.
 */
final class PollWait {
    private static final Duration STOP_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Sleeper sleeper;
    private final RandomGenerator random;

    PollWait(Sleeper sleeper, RandomGenerator random) {
        this.sleeper = sleeper;
        this.random = random;
    }

    /**
     * Waits about {@code wait}, or less once {@code news} says so; false when the loop must end ({@code stop} says so,
     * or the thread is interrupted).
     */
    boolean pause(Duration wait, BooleanSupplier stop, BooleanSupplier news) {
        Duration left = jittered(wait);
        try {
            while (left.isPositive()) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                if (news.getAsBoolean()) {
                    return true;
                }
                Duration slice = left.compareTo(STOP_CHECK_INTERVAL) < 0 ? left : STOP_CHECK_INTERVAL;
                sleeper.sleep(slice);
                left = left.minus(slice);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Duration jittered(Duration wait) {
        long millis = wait.toMillis();
        return Duration.ofMillis(millis + (long) (millis * 0.1 * (2 * random.nextDouble() - 1)));
    }
}
