package io.drover.sim.impair;

import java.time.Duration;
import java.util.Objects;

/**
 * What a relay does to one direction of every connection through it. Delay is added to each chunk on top of the
 * time it takes to arrive, with a uniform jitter of ±{@code jitter} (chunks still leave in order, as TCP would
 * deliver them); a bandwidth limit paces what leaves; a disconnect resets both sides of the connection; corruption
 * flips one bit of a byte.
 *
 * @param bytesPerSecond pace of what leaves, 0 for unlimited
 * @param disconnectAfterBytes reset the connection once this many bytes went this way, 0 for never
 * @param disconnectProbability chance that a chunk read from the sender is the last one, before it is forwarded
 * @param corruptionProbability chance that a byte is corrupted
 * @param maxCorruptions corrupted bytes the whole relay allows this way, so a test can bound retries
 */
public record Impairment(Duration delay, Duration jitter, long bytesPerSecond, long disconnectAfterBytes,
        double disconnectProbability, double corruptionProbability, long maxCorruptions) {

    /** Forwards everything as it comes. */
    public static final Impairment NONE = new Impairment(Duration.ZERO, Duration.ZERO, 0, 0, 0, 0, 0);

    public Impairment {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (delay.isNegative() || jitter.isNegative() || jitter.compareTo(delay) > 0) {
            throw new IllegalArgumentException("need 0 <= jitter <= delay, got " + jitter + " and " + delay);
        }
        if (bytesPerSecond < 0 || disconnectAfterBytes < 0 || maxCorruptions < 0) {
            throw new IllegalArgumentException("byte counts must not be negative");
        }
        requireProbability(disconnectProbability, "disconnectProbability");
        requireProbability(corruptionProbability, "corruptionProbability");
    }

    public Impairment withDelay(Duration value, Duration plusOrMinus) {
        return new Impairment(value, plusOrMinus, bytesPerSecond, disconnectAfterBytes, disconnectProbability,
                corruptionProbability, maxCorruptions);
    }

    public Impairment withBandwidth(long value) {
        return new Impairment(delay, jitter, value, disconnectAfterBytes, disconnectProbability,
                corruptionProbability, maxCorruptions);
    }

    public Impairment withDisconnects(long afterBytes, double probabilityPerChunk) {
        return new Impairment(delay, jitter, bytesPerSecond, afterBytes, probabilityPerChunk,
                corruptionProbability, maxCorruptions);
    }

    public Impairment withCorruption(double probabilityPerByte, long atMost) {
        return new Impairment(delay, jitter, bytesPerSecond, disconnectAfterBytes, disconnectProbability,
                probabilityPerByte, atMost);
    }

    private static void requireProbability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
    }
}
