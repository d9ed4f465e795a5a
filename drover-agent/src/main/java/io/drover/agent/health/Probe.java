package io.drover.agent.health;

import java.time.Duration;
import java.util.Objects;

/**
 * Asks the same question of the application again and again until it answers or the time is up: the loop of the
 * health checks that wait for an application to come up.
 */
final class Probe {
    /** One look. */
    sealed interface Answer {
        /** Final: this is the check's result. */
        record Settled(HealthResult result) implements Answer {
            public Settled {
                Objects.requireNonNull(result, "result");
            }
        }

        /** Not yet; {@code state} says what was seen, for the reason if the time runs out. */
        record NotYet(String state) implements Answer {
            public NotYet {
                Objects.requireNonNull(state, "state");
            }
        }
    }

    /** One look, given the time left before the deadline. */
    @FunctionalInterface
    interface Look {
        Answer look(Duration left) throws InterruptedException;
    }

    private Probe() {}

    /**
     * Looks until an answer settles, {@code interval} apart, while at least an interval is left of {@code timeout};
     * then the check is unhealthy with {@code timedOut} followed by the last state the application showed. A last look
     * that ran into the deadline itself (a slow answer on a busy device) saw only the deadline, so the state before it
     * is named instead.
     */
    static HealthResult until(Duration timeout, Duration interval, String timedOut, Look look)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String previous = null;
        while (true) {
            switch (look.look(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                case Answer.Settled settled -> {
                    return settled.result();
                }
                case Answer.NotYet notYet -> {
                    long left = deadline - System.nanoTime();
                    if (left <= interval.toNanos()) {
                        String last = left <= 0 && previous != null ? previous : notYet.state();
                        return new HealthResult.Unhealthy(timedOut + " (last: " + last + ")");
                    }
                    previous = notYet.state();
                    Thread.sleep(interval);
                }
            }
        }
    }

    static Duration requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (!value.isPositive()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
