package io.drover.server.ledger;

import io.drover.ledger.MerkleHashes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The tiles being filled at the log's right edge, one per tile level the log has reached. The sequencer feeds it every
 * entry it appends and stores the tiles the entries complete.
 */
final class TileEdge {
    private final List<TileBuilder> builders;
    private long size;

    private TileEdge(long size, List<TileBuilder> builders) {
        this.size = size;
        this.builders = builders;
    }

    /**
     * The edge of a log of {@code size} entries, its tiles filled with the entries {@code rows} reads (each entry's
     * leaf hash, then the hashes its append completed).
     */
    static TileEdge ofLog(long size, EntryReader rows) {
        List<TileBuilder> builders = new ArrayList<>();
        for (int level = 0; level == 0 || size >> (HashTile.HEIGHT * level) > 0; level++) {
            builders.add(TileBuilder.forLogOf(level, size));
        }
        List<Long> wanted = new ArrayList<>();
        builders.forEach(b -> {
            for (long seq : b.entriesUpTo(size)) {
                wanted.add(seq);
            }
        });
        Map<Long, byte[][]> upward = wanted.isEmpty() ? Map.of() : rows.upward(wanted);
        for (TileBuilder builder : builders) {
            for (long seq : builder.entriesUpTo(size)) {
                builder.add(seq, upward.get(seq)); // fewer than a tile's worth: none completes
            }
        }
        return new TileEdge(size, builders);
    }

    /** Reads stored entries for {@link #ofLog}. */
    @FunctionalInterface
    interface EntryReader {
        /** Each entry's leaf hash, then the hashes of the subtrees its append completed, level by level. */
        Map<Long, byte[][]> upward(List<Long> seqs);
    }

    /** An entry's leaf hash, then the hashes of the subtrees its append completed (level 1 up): as the log grew. */
    static byte[][] upward(byte[] leafHash, List<byte[]> completed) {
        byte[][] upward = new byte[1 + completed.size()][];
        upward[0] = leafHash;
        for (int level = 1; level < upward.length; level++) {
            upward[level] = completed.get(level - 1);
        }
        return upward;
    }

    /** The same from an entry's stored columns: its leaf hash, and the completed hashes' 32-byte concatenation. */
    static byte[][] upward(byte[] leafHash, byte[] completed) {
        List<byte[]> hashes = new ArrayList<>(completed.length / MerkleHashes.SIZE);
        for (int from = 0; from < completed.length; from += MerkleHashes.SIZE) {
            hashes.add(Arrays.copyOfRange(completed, from, from + MerkleHashes.SIZE));
        }
        return upward(leafHash, hashes);
    }

    /** The log's size this edge is filled up to. */
    long size() {
        return size;
    }

    /** Feeds entry {@code seq}, the next one; answers the tiles it completed. */
    List<HashTile> add(long seq, byte[][] upward) {
        if (seq != size) {
            throw new IllegalStateException("the tiles' edge expects entry " + size + ", not " + seq);
        }
        while (upward.length > HashTile.HEIGHT * builders.size()) {
            builders.add(TileBuilder.forLogOf(builders.size(), seq)); // the first subtree of a new tile level
        }
        List<HashTile> completed = new ArrayList<>(0);
        builders.forEach(b -> b.add(seq, upward).ifPresent(completed::add));
        size++;
        return completed;
    }

    /** A copy that goes on independently: for filling a batch's tiles before the batch is known to be stored. */
    TileEdge copy() {
        return new TileEdge(size, new ArrayList<>(builders.stream().map(TileBuilder::copy).toList()));
    }
}
