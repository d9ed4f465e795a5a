package io.drover.server.ledger;

import io.drover.ledger.Subtree;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * The hashes of the log's larger perfect subtrees, kept in memory. A perfect subtree never changes once complete, so
 * any node may keep it whatever other nodes append. Every proof in a log of n entries needs about log2(n) subtrees,
 * and the larger ones are shared by many proofs: kept here, they spare proofs the reads that are scattered across the
 * whole log; what is left to read lies close to the proven entry. Bounded, so memory does not grow with the log.
 */
final class SubtreeCache {
    /** Subtrees of at least 2^8 entries are kept: in a log of 10,000,000 entries, about 78,000 of them. */
    static final int MIN_LEVEL = 8;
    /** At most this many hashes (a few dozen MiB); past it, further subtrees are read each time. */
    static final int CAPACITY = 200_000;

    private final Map<Subtree, byte[]> hashes = new ConcurrentHashMap<>();

    /** The hashes of {@code subtrees}: those kept from here, the rest read in one query (and kept when large). */
    Map<Subtree, byte[]> hashesOf(Handle h, Collection<Subtree> subtrees) {
        Map<Subtree, byte[]> found = new HashMap<>();
        List<Subtree> missing = new ArrayList<>();
        for (Subtree subtree : subtrees) {
            byte[] hash = hashes.get(subtree);
            if (hash != null) {
                found.put(subtree, hash);
            } else {
                missing.add(subtree);
            }
        }
        if (!missing.isEmpty()) {
            LedgerStore.subtreeHashes(h, missing).forEach((subtree, hash) -> {
                found.put(subtree, hash);
                keep(subtree, hash);
            });
        }
        return found;
    }

    /**
     * Keeps {@code subtree}'s hash if it is large enough and there is room: called with what was read, and by the
     * sequencer with the subtrees its committed batches completed, so the node that appends never reads them.
     */
    void keep(Subtree subtree, byte[] hash) {
        if (subtree.level() >= MIN_LEVEL && hashes.size() < CAPACITY) {
            hashes.put(subtree, hash);
        }
    }
}
