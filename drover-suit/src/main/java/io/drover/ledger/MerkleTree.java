package io.drover.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tree heads and proofs over a log's leaf hashes, computed by the definitions of RFC 9162, sections 2.1.1 (MTH),
 * 2.1.3.1 (PATH) and 2.1.4.1 (PROOF, SUBPROOF). Each call reads the leaves of the ranges it needs, O(n) for a tree
 * of n entries: this is the reference the stored, incremental form is checked against, and what an offline verifier
 * recomputes an export with.
 */
public final class MerkleTree {
    private final LeafHashes leaves;

    public MerkleTree(LeafHashes leaves) {
        this.leaves = Objects.requireNonNull(leaves, "leaves");
    }

    /** MTH(D[0:size]): the root of the tree of the first {@code size} entries. */
    public byte[] root(long size) {
        requireNotNegative(size, "size");
        return size == 0 ? MerkleHashes.emptyRoot() : hash(0, size);
    }

    /** PATH(index, D[0:size]): the audit path of entry {@code index}, from the leaf's sibling up. */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("entry " + index + " is not in a tree of " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return path;
    }

    /** PROOF(first, D[0:second]): what shows the tree of {@code second} entries extends the one of {@code first}. */
    public List<byte[]> consistencyProof(long first, long second) {
        requireNotNegative(first, "first");
        if (first > second) {
            throw new IllegalArgumentException("a tree of " + first + " cannot grow into one of " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    private void path(long index, long from, long to, List<byte[]> path) {
        long size = to - from;
        if (size == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(size);
        if (index < k) {
            path(index, from, from + k, path);
            path.add(hash(from + k, to));
        } else {
            path(index - k, from + k, to, path);
            path.add(hash(from, from + k));
        }
    }

    private void subproof(long m, long from, long to, boolean whole, List<byte[]> proof) {
        long size = to - from;
        if (m == size) {
            if (!whole) {
                proof.add(hash(from, to));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(size);
        if (m <= k) {
            subproof(m, from, from + k, whole, proof);
            proof.add(hash(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, proof);
            proof.add(hash(from, from + k));
        }
    }

    /** MTH(D[from:to]) of a non-empty range. */
    private byte[] hash(long from, long to) {
        if (to - from == 1) {
            return leaves.leafHash(from);
        }
        long k = largestPowerOfTwoBelow(to - from);
        return MerkleHashes.node(hash(from, from + k), hash(from + k, to));
    }

    /** The largest power of two strictly below {@code n}, for n &gt; 1. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
