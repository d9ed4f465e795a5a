package io.drover.server.ledger;

import io.drover.ledger.MerkleHashes;
import io.drover.ledger.Subtree;
import java.util.Arrays;

/**
 * Eight levels of the tree over one aligned run of the log, kept as one row once the run is complete, in the manner of
 * transparency logs' tiles. A tile of level 0 holds the subtrees of 1 to 128 entries inside a run of 256 entries; a
 * tile of level 1 those of 2^8 to 2^15 entries inside a run of 2^16; and so on. A proof needs at most eight subtrees of
 * each tile level, near the entry it proves: in a log of 10,000,000 entries, two narrow rows (tile levels 0 and 1)
 * instead of up to sixteen scattered reads of wide entry rows. Subtrees in a run not yet complete (the log's right
 * edge, and its largest subtrees) are read from the entries that completed them, through the node's
 * {@link SubtreeCache}.
 *
 * <p>Layout of {@code hashes}: the tile's 256 lowest subtrees in order, then the 128 above them, and so on up to the
 * two highest; 510 hashes of 32 bytes. The tile's own root is the lowest subtree of a tile one level up.
 *
 * @param level the tile level: the tile holds subtrees of levels {@code 8 * level} to {@code 8 * level + 7}
 * @param index which tile of that level, from the left
 */
record HashTile(int level, long index, byte[] hashes) {
    /** Subtree levels per tile. */
    static final int HEIGHT = 8;
    /** Subtrees at a tile's lowest level. */
    static final int WIDTH = 1 << HEIGHT;
    static final int BYTES = (2 * WIDTH - 2) * MerkleHashes.SIZE;

    HashTile {
        if (level < 0 || index < 0 || hashes.length != BYTES) {
            throw new IllegalArgumentException("a tile holds " + BYTES + " bytes of hashes, not " + hashes.length);
        }
    }

    /** Which tile holds a subtree. */
    record Key(int level, long index) {
        static Key of(Subtree subtree) {
            int level = subtree.level() / HEIGHT;
            return new Key(level, subtree.index() >> (HEIGHT * (level + 1) - subtree.level()));
        }
    }

    Key key() {
        return new Key(level, index);
    }

    /** {@code subtree}'s hash, which this tile must hold. */
    byte[] hashOf(Subtree subtree) {
        if (!Key.of(subtree).equals(key())) {
            throw new IllegalArgumentException("tile " + key() + " does not hold " + subtree);
        }
        int from = offset(subtree.level() - HEIGHT * level, subtree.index());
        return Arrays.copyOfRange(hashes, from, from + MerkleHashes.SIZE);
    }

    /** Where the hash of a subtree {@code height} levels above a tile's lowest starts in the tile's bytes. */
    static int offset(int height, long index) {
        int levelStart = 2 * WIDTH - (2 * WIDTH >> height);
        int inLevel = (int) (index & ((WIDTH >> height) - 1));
        return (levelStart + inLevel) * MerkleHashes.SIZE;
    }
}
