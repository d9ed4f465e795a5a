package io.drover.ledger;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tree heads and proofs of a log, by the definitions of RFC 9162, sections 2.1.1 (MTH), 2.1.3.1 (PATH) and 2.1.4.1
 * (PROOF, SUBPROOF). Each answer first works out which ranges of the log it needs (arithmetic only), then asks
 * {@link SubtreeHashes} for all their perfect subtrees at once: O(log n) hashes from a store that kept them, or the
 * whole range from the leaves for an offline verifier.
 */
public final class MerkleTree {
    private final SubtreeHashes hashes;

    private MerkleTree(SubtreeHashes hashes) {
        this.hashes = Objects.requireNonNull(hashes, "hashes");
    }

    /** A tree whose subtree hashes are read from where they were kept. */
    public static MerkleTree overSubtrees(SubtreeHashes hashes) {
        return new MerkleTree(hashes);
    }

    /** A tree computed from its leaf hashes alone, O(n) per answer. */
    public static MerkleTree overLeaves(LeafHashes leaves) {
        return new MerkleTree(SubtreeHashes.fromLeaves(leaves));
    }

    /** MTH(D[0:size]): the root of the tree of the first {@code size} entries. */
    public byte[] root(long size) {
        requireNotNegative(size, "size");
        return size == 0 ? MerkleHashes.emptyRoot() : resolve(List.of(new TreeRange(0, size))).getFirst();
    }

    /** PATH(index, D[0:size]): the audit path of entry {@code index}, from the leaf's sibling up. */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("entry " + index + " is not in a tree of " + size);
        }
        List<TreeRange> path = new ArrayList<>();
        path(index, 0, size, path);
        return resolve(path);
    }

    /** PROOF(first, D[0:second]): what shows the tree of {@code second} entries extends the one of {@code first}. */
    public List<byte[]> consistencyProof(long first, long second) {
        requireNotNegative(first, "first");
        if (first > second) {
            throw new IllegalArgumentException("a tree of " + first + " cannot grow into one of " + second);
        }
        List<TreeRange> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, proof);
        }
        return resolve(proof);
    }

    private static void path(long index, long from, long to, List<TreeRange> path) {
        long size = to - from;
        if (size == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(size);
        if (index < k) {
            path(index, from, from + k, path);
            path.add(new TreeRange(from + k, to));
        } else {
            path(index - k, from + k, to, path);
            path.add(new TreeRange(from, from + k));
        }
    }

    private static void subproof(long m, long from, long to, boolean whole, List<TreeRange> proof) {
        long size = to - from;
        if (m == size) {
            if (!whole) {
                proof.add(new TreeRange(from, to));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(size);
        if (m <= k) {
            subproof(m, from, from + k, whole, proof);
            proof.add(new TreeRange(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, proof);
            proof.add(new TreeRange(from, from + k));
        }
    }

    private List<byte[]> resolve(List<TreeRange> ranges) {
        Set<Subtree> needed = new LinkedHashSet<>();
        ranges.forEach(range -> needed.addAll(range.subtrees()));
        Map<Subtree, byte[]> known = needed.isEmpty() ? Map.of() : hashes.hashesOf(needed);
        return ranges.stream().map(range -> range.hash(known)).toList();
    }

    /** The largest power of two strictly below {@code n}, for n &gt; 1. */
    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireNotNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
