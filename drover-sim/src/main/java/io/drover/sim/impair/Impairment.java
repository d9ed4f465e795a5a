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
 * @param cleanBytes bytes of the whole relay's stream this way that pass before corruption may start, so that
 *     what comes first (say, a check-in and an envelope) arrives intact and the corruption lands in what follows
 */
public record Impairment(Duration delay, Duration jitter, long bytesPerSecond, long disconnectAfterBytes,
        double disconnectProbability, double corruptionProbability, long maxCorruptions, long cleanBytes) {

    /** Forwards everything as it comes. */
    public static final Impairment NONE = new Impairment(Duration.ZERO, Duration.ZERO, 0, 0, 0, 0, 0, 0);

    public Impairment {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (delay.isNegative() || jitter.isNegative() || jitter.compareTo(delay) > 0) {
            throw new IllegalArgumentException("need 0 <= jitter <= delay, got " + jitter + " and " + delay);
        }
        if (bytesPerSecond < 0 || disconnectAfterBytes < 0 || maxCorruptions < 0 || cleanBytes < 0) {
            throw new IllegalArgumentException("byte counts must not be negative");
        }
        requireProbability(disconnectProbability, "disconnectProbability");
        requireProbability(corruptionProbability, "corruptionProbability");
    }

    public Impairment withDelay(Duration value, Duration plusOrMinus) {
        return new Impairment(value, plusOrMinus, bytesPerSecond, disconnectAfterBytes, disconnectProbability,
                corruptionProbability, maxCorruptions, cleanBytes);
    }

    public Impairment withBandwidth(long value) {
        return new Impairment(delay, jitter, value, disconnectAfterBytes, disconnectProbability,
                corruptionProbability, maxCorruptions, cleanBytes);
    }

    public Impairment withDisconnects(long afterBytes, double probabilityPerChunk) {
        return new Impairment(delay, jitter, bytesPerSecond, afterBytes, probabilityPerChunk,
                corruptionProbability, maxCorruptions, cleanBytes);
    }

    public Impairment withCorruption(double probabilityPerByte, long atMost) {
        return withCorruption(probabilityPerByte, atMost, 0);
    }

    /** Corruption that spares the first {@code afterBytes} bytes of the stream. */
    public Impairment withCorruption(double probabilityPerByte, long atMost, long afterBytes) {
        return new Impairment(delay, jitter, bytesPerSecond, disconnectAfterBytes, disconnectProbability,
                probabilityPerByte, atMost, afterBytes);
    }

    private static void requireProbability(double p, String name) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
        }
    }
}
