package io.drover.server.ledger;

import io.drover.ledger.CompactRange;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.Subtree;
import io.drover.ledger.TreeHead;
import io.drover.suit.CoseSigner;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Moves queued records into the log, a batch per transaction: under the lock on the log's size it gives each record
 * the next position, writes the entry with its leaf hash and the subtree hashes its append completed, writes the
 * {@link HashTile tiles} the batch completed, and signs a tree head over the new size. The node keeps the log's right
 * edge between batches (and the tiles being filled there), and re-reads them (O(log n) hashes, and fewer than 256
 * entries per tile level) only when another node appended in the meantime.
 */
final class LedgerSequencer {
    /** Records sequenced per transaction: big enough to amortise the lock and the head's signature. */
    static final int BATCH = 5_000;
    /**
     * Records taken after which the queue is vacuumed, where the store has VACUUM: the taken records' rows and index
     * entries stay until then, and PostgreSQL's autovacuum may be off or busy with larger tables.
     */
    static final long VACUUM_AFTER = 500_000;
    private static final long FROM_START = 0;
    private static final byte[] NO_PREVIOUS = new byte[MerkleHashes.SIZE];

    private final Jdbi jdbi;
    private final CoseSigner key;
    private final Clock clock;
    /** The node's cache of large subtrees, given those each committed batch completed. */
    private final SubtreeCache cache;
    private final long vacuumAfter;
    /** The right edge after the last batch this node committed; null until first needed. */
    private volatile CompactRange edge;
    /** The tiles being filled at that edge. */
    private TileEdge tiles;
    private byte[] lastLeafHash;
    private long takenSinceVacuum;

    /** @param vacuumAfter records taken after which the queue is vacuumed ({@link #VACUUM_AFTER} but in tests) */
    LedgerSequencer(Jdbi jdbi, CoseSigner key, Clock clock, SubtreeCache cache, long vacuumAfter) {
        this.jdbi = jdbi;
        this.key = key;
        this.clock = clock;
        this.cache = cache;
        this.vacuumAfter = vacuumAfter;
    }

    /** The size of the log after the last batch this node committed (0 before its first): the log is at least that. */
    long knownSize() {
        CompactRange known = edge;
        return known == null ? 0 : known.size();
    }

    /** Sequences everything queued when called, and makes sure a signed head covers the whole log. */
    void drain() {
        if (sequenceQueued()) {
            // Outside the sequencer's monitor: whoever waits for the latest head does not wait for the vacuum too.
            jdbi.useHandle(LedgerStore::vacuumQueue);
        }
    }

    /**
     * The drain itself; answers whether the queue is due for a vacuum.
     *
     * <p>Each batch is taken from after the last record this drain took: a batch taken from the start of the queue
     * would step over the index entries of every record already taken, which stay until the queue is vacuumed, and a
     * long drain would slow down quadratically. A transaction that commits late can have queued records with smaller
     * ids, so the drain ends only with a batch taken from the start that found the queue drained.
     */
    private synchronized boolean sequenceQueued() {
        // Idle, after this node's first pass (which makes sure a head exists): one read, and no lock taken.
        if (edge != null && jdbi.withHandle(LedgerStore::queueIsEmpty)) {
            return false;
        }
        long after = FROM_START;
        while (true) {
            Taken taken = sequenceBatch(after);
            takenSinceVacuum += taken.count();
            if (taken.count() == BATCH) {
                after = taken.lastId();
            } else if (after != FROM_START) {
                after = FROM_START;
            } else {
                break;
            }
        }
        if (takenSinceVacuum < vacuumAfter) {
            return false;
        }
        takenSinceVacuum = 0;
        return true;
    }

    /** What a batch took from the queue: how many records, and the largest id among them. */
    private record Taken(int count, long lastId) {}

    /** One batch in one transaction, of the records queued with ids above {@code after}. */
    private Taken sequenceBatch(long after) {
        record Outcome(int count, CompactRange edge, TileEdge tiles, byte[] lastLeafHash, long lastId,
                Map<Subtree, byte[]> completed) {}
        Outcome outcome = jdbi.inTransaction(h -> {
            long size = LedgerStore.lockSize(h);
            List<QueuedRecord> batch = LedgerStore.takeQueued(h, after, BATCH);
            CompactRange next = edgeAt(h, size).copy();
            TileEdge nextTiles = tilesAt(h, size).copy();
            byte[] previous = size == 0 ? NO_PREVIOUS : previousLeaf(h, size);
            Map<Subtree, byte[]> completed = new HashMap<>();
            if (!batch.isEmpty()) {
                previous = append(h, batch, next, nextTiles, previous, completed);
                LedgerStore.setSize(h, next.size());
            }
            // A batch makes a new size, which has no head yet; an empty pass signs only a log that has none.
            if (!batch.isEmpty() || LedgerStore.head(h, next.size()).isEmpty()) {
                LedgerStore.insertHead(h, SignedTreeHead.sign(new TreeHead(next.size(), clock.instant(), next.root()),
                        key));
            }
            return new Outcome(batch.size(), next, nextTiles, previous,
                    batch.isEmpty() ? after : batch.getLast().id(), completed);
        });
        outcome.completed().forEach(cache::keep);
        edge = outcome.edge();
        tiles = outcome.tiles();
        lastLeafHash = outcome.lastLeafHash();
        return new Taken(outcome.count(), outcome.lastId());
    }

    /**
     * Writes the batch's entries while making them, and the tiles they complete; advances {@code range} and
     * {@code edgeTiles}, puts the subtrees of at least {@link SubtreeCache#MIN_LEVEL} the entries completed in
     * {@code large}; answers the last entry's leaf hash.
     */
    private byte[] append(Handle h, List<QueuedRecord> batch, CompactRange range, TileEdge edgeTiles,
            byte[] previous, Map<Subtree, byte[]> large) {
        List<HashTile> completedTiles = new ArrayList<>();
        EntryWriter out = LedgerStore.entryWriter(h);
        try {
            for (QueuedRecord q : batch) {
                long seq = range.size();
                byte[] body = EntryBody.encode(seq, previous, q.recordedAt(), q.kind(), q.actor(), q.deviceId(),
                        q.releaseId(), q.rolloutId(), q.details());
                byte[] leaf = MerkleHashes.leaf(body);
                List<byte[]> completedHashes = range.append(leaf);
                for (int level = SubtreeCache.MIN_LEVEL; level <= completedHashes.size(); level++) {
                    large.put(new Subtree(level, seq >> level), completedHashes.get(level - 1));
                }
                out.write(new NewEntry(seq, body, leaf, concat(completedHashes), q.kind(), q.subject(),
                        q.releaseId(), q.rolloutId(), q.recordedAt()));
                completedTiles.addAll(edgeTiles.add(seq, TileEdge.upward(leaf, completedHashes)));
                previous = leaf;
            }
        } catch (RuntimeException e) {
            out.abandon();
            throw e;
        }
        out.finish();
        LedgerStore.insertTiles(h, completedTiles);
        return previous;
    }

    /** The tiles at the log's right edge, filled up to it. */
    private TileEdge tilesAt(Handle h, long size) {
        if (tiles != null && tiles.size() == size) {
            return tiles;
        }
        return TileEdge.ofLog(size, seqs -> LedgerStore.upward(h, seqs));
    }

    private CompactRange edgeAt(Handle h, long size) {
        if (edge != null && edge.size() == size) {
            return edge;
        }
        List<Subtree> parts = CompactRange.subtreesOf(size);
        Map<Subtree, byte[]> hashes = parts.isEmpty() ? Map.of() : LedgerStore.subtreeHashes(h, parts);
        return CompactRange.of(size, parts.stream().map(hashes::get).toList());
    }

    private byte[] previousLeaf(Handle h, long size) {
        if (lastLeafHash != null && edge != null && edge.size() == size) {
            return lastLeafHash;
        }
        return LedgerStore.leafHash(h, size - 1);
    }

    private static byte[] concat(List<byte[]> hashes) {
        var out = new ByteArrayOutputStream(hashes.size() * MerkleHashes.SIZE);
        hashes.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
