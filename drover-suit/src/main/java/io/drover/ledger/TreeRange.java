package io.drover.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A range D[from:to] of the log whose hash MTH a tree head or proof needs. In RFC 9162's recursion every such range
 * splits at the largest power of two below its size into a perfect left part and the rest, so it is made of the
 * perfect subtrees given by the binary digits of its size, left to right, and its hash folds them from the right.
 */
record TreeRange(long from, long to) {
    TreeRange {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("empty or negative range " + from + ".." + to);
        }
    }

    /** The perfect subtrees this range is made of, largest (leftmost) first. */
    List<Subtree> subtrees() {
        List<Subtree> parts = new ArrayList<>();
        long first = from;
        long remaining = to - from;
        while (remaining > 0) {
            int level = 63 - Long.numberOfLeadingZeros(remaining);
            long size = 1L << level;
            if (first % size != 0) {
                throw new IllegalStateException("range " + from + ".." + to + " is not one of the tree's ranges");
            }
            parts.add(new Subtree(level, first >> level));
            first += size;
            remaining -= size;
        }
        return parts;
    }

    /** MTH(D[from:to]) from the hashes of its subtrees. */
    byte[] hash(Map<Subtree, byte[]> subtreeHashes) {
        List<Subtree> parts = subtrees();
        byte[] hash = required(subtreeHashes, parts.getLast());
        for (int i = parts.size() - 2; i >= 0; i--) {
            hash = MerkleHashes.node(required(subtreeHashes, parts.get(i)), hash);
        }
        return hash;
    }

    private static byte[] required(Map<Subtree, byte[]> hashes, Subtree subtree) {
        byte[] hash = hashes.get(subtree);
        if (hash == null) {
            throw new IllegalStateException("no hash for " + subtree);
        }
        return hash;
    }
}
