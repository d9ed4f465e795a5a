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
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Moves queued records into the log, a batch per transaction: under the lock on the log's size it gives each record
 * the next position, writes the entry with its leaf hash and the subtree hashes its append completed, and signs a
 * tree head over the new size, and the {@link HashTile tiles} the batch completed. The node keeps the log's right
 * edge between batches (and the tiles being filled there), and re-reads them (O(log n) hashes, and fewer than 256
 * entries per tile level) only when another node appended in the meantime.
 */
final class LedgerSequencer {
    /** Records sequenced per transaction: big enough to amortise the lock and the head's signature. */
    static final int BATCH = 5_000;
    private static final byte[] NO_PREVIOUS = new byte[MerkleHashes.SIZE];

    private final Jdbi jdbi;
    private final CoseSigner key;
    private final Clock clock;
    /** The right edge after the last batch this node committed; null until first needed. */
    private volatile CompactRange edge;
    /** The tiles being filled at that edge. */
    private TileEdge tiles;
    private byte[] lastLeafHash;

    LedgerSequencer(Jdbi jdbi, CoseSigner key, Clock clock) {
        this.jdbi = jdbi;
        this.key = key;
        this.clock = clock;
    }

    /** The size of the log after the last batch this node committed (0 before its first): the log is at least that. */
    long knownSize() {
        CompactRange known = edge;
        return known == null ? 0 : known.size();
    }

    /** Sequences everything queued when called, and makes sure a signed head covers the whole log. */
    synchronized void drain() {
        // Idle, after this node's first pass (which makes sure a head exists): one read, and no lock taken.
        if (edge != null && jdbi.withHandle(LedgerStore::queueIsEmpty)) {
            return;
        }
        while (sequenceBatch() == BATCH) {
            // more may be queued
        }
    }

    /** One batch in one transaction; answers how many records it sequenced. */
    private int sequenceBatch() {
        record Outcome(int count, CompactRange edge, TileEdge tiles, byte[] lastLeafHash) {}
        Outcome outcome = jdbi.inTransaction(h -> {
            long size = LedgerStore.lockSize(h);
            List<QueuedRecord> batch = LedgerStore.takeQueued(h, BATCH);
            CompactRange next = edgeAt(h, size).copy();
            TileEdge nextTiles = tilesAt(h, size).copy();
            byte[] previous = size == 0 ? NO_PREVIOUS : previousLeaf(h, size);
            if (!batch.isEmpty()) {
                previous = append(h, batch, next, nextTiles, previous);
                LedgerStore.setSize(h, next.size());
            }
            // A batch makes a new size, which has no head yet; an empty pass signs only a log that has none.
            if (!batch.isEmpty() || LedgerStore.head(h, next.size()).isEmpty()) {
                LedgerStore.insertHead(h, SignedTreeHead.sign(new TreeHead(next.size(), clock.instant(), next.root()),
                        key));
            }
            return new Outcome(batch.size(), next, nextTiles, previous);
        });
        edge = outcome.edge();
        tiles = outcome.tiles();
        lastLeafHash = outcome.lastLeafHash();
        return outcome.count();
    }

    /**
     * Writes the batch's entries while making them, and the tiles they complete; advances {@code range} and
     * {@code edgeTiles}; answers the last entry's leaf hash.
     */
    private byte[] append(Handle h, List<QueuedRecord> batch, CompactRange range, TileEdge edgeTiles,
            byte[] previous) {
        List<HashTile> completedTiles = new ArrayList<>();
        EntryWriter out = LedgerStore.entryWriter(h);
        try {
            for (QueuedRecord q : batch) {
                long seq = range.size();
                byte[] body = EntryBody.encode(seq, previous, q.recordedAt(), q.kind(), q.actor(), q.deviceId(),
                        q.releaseId(), q.rolloutId(), q.details());
                byte[] leaf = MerkleHashes.leaf(body);
                byte[] completed = concat(range.append(leaf));
                out.write(new NewEntry(seq, body, leaf, completed, q.kind(), q.subject(), q.releaseId(),
                        q.rolloutId(), q.recordedAt()));
                completedTiles.addAll(edgeTiles.add(seq, TileEdge.upward(leaf, completed)));
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
