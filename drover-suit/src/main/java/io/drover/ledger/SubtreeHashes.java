package io.drover.ledger;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Where the hashes of a log's perfect subtrees come from: a store that kept them, or the leaves themselves. */
@FunctionalInterface
public interface SubtreeHashes {
    /** MTH of each of {@code subtrees}, all asked at once so that a store can answer them in one read. */
    Map<Subtree, byte[]> hashesOf(Collection<Subtree> subtrees);

    /** Computes each subtree from its leaves, O(2^level) hashes: the reference, and what an offline verifier has. */
    static SubtreeHashes fromLeaves(LeafHashes leaves) {
        return subtrees -> {
            Map<Subtree, byte[]> hashes = new HashMap<>();
            for (Subtree subtree : subtrees) {
                hashes.put(subtree, hash(leaves, subtree.firstEntry(), subtree.level()));
            }
            return hashes;
        };
    }

    private static byte[] hash(LeafHashes leaves, long first, int level) {
        if (level == 0) {
            return leaves.leafHash(first);
        }
        long half = 1L << (level - 1);
        return MerkleHashes.node(hash(leaves, first, level - 1), hash(leaves, first + half, level - 1));
    }
}
