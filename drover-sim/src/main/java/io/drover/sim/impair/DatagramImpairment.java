package io.drover.sim.impair;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link UdpRelay} does to one direction of the datagrams through it: each datagram is lost with a
 * probability, or delayed by {@code delay} ± {@code jitter} (uniform; datagrams may overtake one another, as on a
 * real path), and its bytes may be corrupted like a TCP relay's ({@link Impairment}).
 *
 * @param lossProbability chance that a datagram is dropped
 * @param corruptionProbability chance that a byte is corrupted
 * @param maxCorruptions corrupted bytes the whole relay allows this way
 * @param cleanBytes bytes this way that pass before corruption may start
 */
public record DatagramImpairment(Duration delay, Duration jitter, double lossProbability,
        double corruptionProbability, long maxCorruptions, long cleanBytes) {

    /** Forwards every datagram as it comes. */
    public static final DatagramImpairment NONE = new DatagramImpairment(Duration.ZERO, Duration.ZERO, 0, 0, 0, 0);

    public DatagramImpairment {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (delay.isNegative() || jitter.isNegative() || jitter.compareTo(delay) > 0) {
            throw new IllegalArgumentException("need 0 <= jitter <= delay, got " + jitter + " and " + delay);
        }
        if (!(lossProbability >= 0 && lossProbability <= 1)) {
            throw new IllegalArgumentException("lossProbability must be in [0, 1], got " + lossProbability);
        }
        if (!(corruptionProbability >= 0 && corruptionProbability <= 1)) {
            throw new IllegalArgumentException("corruptionProbability must be in [0, 1], got "
                    + corruptionProbability);
        }
        if (maxCorruptions < 0 || cleanBytes < 0) {
            throw new IllegalArgumentException("byte counts must not be negative");
        }
    }

    /**
     * The datagram path of a link that {@code link} describes for TCP: its delay, jitter and corruption, and
     * {@code lossProbability} of each datagram lost (a bandwidth limit or dropped connections have no datagram
     * counterpart).
     */
    public static DatagramImpairment like(Impairment link, double lossProbability) {
        return new DatagramImpairment(link.delay(), link.jitter(), lossProbability, link.corruptionProbability(),
                link.maxCorruptions(), link.cleanBytes());
    }

    public DatagramImpairment withDelay(Duration value, Duration plusOrMinus) {
        return new DatagramImpairment(value, plusOrMinus, lossProbability, corruptionProbability, maxCorruptions,
                cleanBytes);
    }

    /** Corruption that spares the first {@code afterBytes} bytes this way. */
    public DatagramImpairment withCorruption(double probabilityPerByte, long atMost, long afterBytes) {
        return new DatagramImpairment(delay, jitter, lossProbability, probabilityPerByte, atMost, afterBytes);
    }

    public DatagramImpairment withLoss(double probability) {
        return new DatagramImpairment(delay, jitter, probability, corruptionProbability, maxCorruptions, cleanBytes);
    }
}
