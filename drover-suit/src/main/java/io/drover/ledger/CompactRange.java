package io.drover.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of a log of {@code size} entries: the hashes of the perfect subtrees D[0:size] is made of, one per
 * set bit of the size, largest first (RFC 9162's tree is exactly these, folded from the right). An appender keeps it
 * to add entries and compute the new root without reading the log, and learns from each append which subtrees that
 * entry completed, so they can be stored for proofs.
 */
public final class CompactRange {
    private long size;
    private final List<byte[]> hashes;

    private CompactRange(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /** The range of a log of {@code size} entries from the hashes of {@link #subtreesOf(long) its subtrees}. */
    public static CompactRange of(long size, List<byte[]> hashes) {
        if (size < 0 || hashes.size() != Long.bitCount(size)
                || hashes.stream().anyMatch(h -> h == null || h.length != MerkleHashes.SIZE)) {
            throw new IllegalArgumentException("a log of " + size + " entries has " + Long.bitCount(size)
                    + " subtree hashes of " + MerkleHashes.SIZE + " bytes, not these " + hashes.size());
        }
        List<byte[]> copy = new ArrayList<>();
        hashes.forEach(h -> copy.add(h.clone()));
        return new CompactRange(size, copy);
    }

    /** The perfect subtrees a log of {@code size} entries is made of, largest first. */
    public static List<Subtree> subtreesOf(long size) {
        return size == 0 ? List.of() : new TreeRange(0, size).subtrees();
    }

    public long size() {
        return size;
    }

    /**
     * Appends the entry with {@code leafHash}; answers the hashes of the subtrees its append completed, from level 1
     * up (none when the new entry has an even index).
     */
    public List<byte[]> append(byte[] leafHash) {
        if (leafHash.length != MerkleHashes.SIZE) {
            throw new IllegalArgumentException("a leaf hash has " + MerkleHashes.SIZE + " bytes");
        }
        List<byte[]> completed = new ArrayList<>();
        byte[] hash = leafHash.clone();
        for (long position = size; (position & 1) == 1; position >>= 1) {
            hash = MerkleHashes.node(hashes.removeLast(), hash);
            completed.add(hash);
        }
        hashes.add(hash);
        size++;
        return completed;
    }

    /** MTH(D[0:size]). */
    public byte[] root() {
        if (size == 0) {
            return MerkleHashes.emptyRoot();
        }
        byte[] root = hashes.getLast();
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = MerkleHashes.node(hashes.get(i), root);
        }
        return root.clone();
    }

    /** A copy that appends independently: for trying a batch before it is known to be stored. */
    public CompactRange copy() {
        return of(size, hashes);
    }
}
