package io.drover.server.ledger;

import io.drover.ledger.MerkleHashes;
import java.util.Optional;

/**
 * Fills the tile of one tile level at the log's right edge, from what the sequencer computes anyway: for each entry,
 * its leaf hash and the hashes of the subtrees its append completed. It must be fed, from the tile's first, every
 * entry that completes a subtree at the tile's lowest level.
 */
final class TileBuilder {
    private final int level;
    private final byte[] hashes;
    /** The next subtree expected at the tile's lowest level. */
    private long next;

    private TileBuilder(int level, long next, byte[] hashes) {
        this.level = level;
        this.next = next;
        this.hashes = hashes;
    }

    /** A builder of tile level {@code level} in a log of {@code size} entries, expecting the tile's first subtree. */
    static TileBuilder forLogOf(int level, long size) {
        long lowest = size >> lowestLevel(level);
        return new TileBuilder(level, lowest - lowest % HashTile.WIDTH, new byte[HashTile.BYTES]);
    }

    /** The entries it must be fed, in order, to be filled up to a log of {@code size} entries. */
    long[] entriesUpTo(long size) {
        long count = (size >> lowestLevel(level)) - next;
        long[] entries = new long[(int) count];
        for (int i = 0; i < count; i++) {
            entries[i] = lastEntryOf(next + i);
        }
        return entries;
    }

    /**
     * Takes what concerns it from entry {@code seq}; answers the tile when this entry completed it.
     *
     * @param upward the entry's leaf hash, then the hashes of the subtrees its append completed, level by level
     */
    Optional<HashTile> add(long seq, byte[][] upward) {
        int lowest = lowestLevel(level);
        if (upward.length <= lowest) {
            return Optional.empty(); // completes no subtree this tile holds
        }
        if (seq != lastEntryOf(next)) {
            throw new IllegalStateException("tile level " + level + " expects entry " + lastEntryOf(next) + ", not "
                    + seq);
        }
        int top = Math.min(upward.length, lowest + HashTile.HEIGHT);
        for (int subtreeLevel = lowest; subtreeLevel < top; subtreeLevel++) {
            System.arraycopy(upward[subtreeLevel], 0, hashes,
                    HashTile.offset(subtreeLevel - lowest, seq >> subtreeLevel), MerkleHashes.SIZE);
        }
        next++;
        if (next % HashTile.WIDTH != 0) {
            return Optional.empty();
        }
        return Optional.of(new HashTile(level, next / HashTile.WIDTH - 1, hashes.clone()));
    }

    /** A copy that goes on independently: for filling a batch's tiles before the batch is known to be stored. */
    TileBuilder copy() {
        return new TileBuilder(level, next, hashes.clone());
    }

    private long lastEntryOf(long lowestSubtree) {
        return ((lowestSubtree + 1) << lowestLevel(level)) - 1;
    }

    private static int lowestLevel(int level) {
        return HashTile.HEIGHT * level;
    }
}
