package io.drover.sim.impair;

import java.util.random.RandomGenerator;

/**
 * Chooses which bytes of one direction's whole stream (all connections, in the order they pass) to corrupt. It
 * draws the gap to the next victim rather than a coin per byte, so with one connection at a time the victims sit
 * at the same stream offsets for the same seed however the bytes are split into chunks.
 */
final class Corrupter {
    private final RandomGenerator random;
    private final double probability;
    private long budget;
    private long untilNext;

    /** @param cleanBytes how many bytes pass before the first victim may be drawn */
    Corrupter(RandomGenerator random, double probability, long budget, long cleanBytes) {
        this.random = random;
        this.probability = probability;
        this.budget = probability > 0 ? budget : 0;
        long gap = nextGap();
        this.untilNext = gap > Long.MAX_VALUE - cleanBytes ? Long.MAX_VALUE : cleanBytes + gap;
    }

    /** Corrupts {@code bytes[0, length)} in place and returns how many bytes it changed. */
    synchronized int corrupt(byte[] bytes, int length) {
        int changed = 0;
        int position = 0;
        while (budget > 0 && untilNext < length - position) {
            position += (int) untilNext;
            bytes[position] ^= (byte) (1 << random.nextInt(8));
            changed++;
            budget--;
            position++;
            untilNext = nextGap();
        }
        if (budget > 0) {
            untilNext -= length - position;
        }
        return changed;
    }

    /** Bytes to let through before the next victim: geometric with the per-byte probability. */
    private long nextGap() {
        if (budget == 0) {
            return Long.MAX_VALUE;
        }
        if (probability >= 1) {
            return 0;
        }
        double gap = Math.floor(Math.log1p(-random.nextDouble()) / Math.log1p(-probability));
        return gap >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) gap;
    }
}
