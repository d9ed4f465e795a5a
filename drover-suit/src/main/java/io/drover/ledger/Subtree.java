package io.drover.ledger;

/**
 * A perfect, aligned subtree of the log: the {@code 2^level} entries from {@code index * 2^level}. Every hash a tree
 * head or a proof needs is made of these, so a store that keeps their hashes answers any of them in O(log n) reads.
 *
 * @param level the height, 0 for a single entry
 * @param index which subtree of that height, from the left
 */
public record Subtree(int level, long index) {
    public Subtree {
        if (level < 0 || level > 62 || index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
            throw new IllegalArgumentException("no subtree at level " + level + ", index " + index);
        }
    }

    /** The index of its first entry. */
    public long firstEntry() {
        return index << level;
    }

    /** The index of its last entry: the entry whose append completes this subtree. */
    public long lastEntry() {
        return ((index + 1) << level) - 1;
    }
}
