package io.drover.server.ledger;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.ledger.MerkleHashes;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.Subtree;
import io.drover.ledger.TreeHead;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.postgresql.PGConnection;

/**
 * The ledger's rows: the queue, the entries with the subtree hashes they completed, the hash tiles, the log's size and
 * the signed heads.
 */
final class LedgerStore {
    private LedgerStore() {}

    /**
     * The hash of each subtree: from the tiles that hold them, in one query, and those of tiles not yet complete (at
     * the log's right edge, or appended before tiles were kept) from the entries that completed them, in one more.
     */
    static Map<Subtree, byte[]> subtreeHashes(Handle h, Collection<Subtree> subtrees) {
        Map<HashTile.Key, List<Subtree>> byTile = new HashMap<>();
        subtrees.forEach(s -> byTile.computeIfAbsent(HashTile.Key.of(s), k -> new ArrayList<>()).add(s));
        Map<Subtree, byte[]> hashes = new HashMap<>();
        tiles(h, byTile.keySet()).forEach(tile -> byTile.get(tile.key()).forEach(s -> hashes.put(s, tile.hashOf(s))));
        List<Subtree> rest = subtrees.stream().filter(s -> !hashes.containsKey(s)).toList();
        if (!rest.isEmpty()) {
            hashes.putAll(completedBy(h, rest));
        }
        return hashes;
    }

    private static List<HashTile> tiles(Handle h, Collection<HashTile.Key> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<HashTile.Key> wanted = List.copyOf(keys);
        StringBuilder which = new StringBuilder();
        for (int i = 0; i < wanted.size(); i++) {
            which.append(i == 0 ? "" : " OR ").append("(tile_level = :level").append(i).append(" AND tile = :index")
                    .append(i).append(')');
        }
        var query = h.createQuery("SELECT tile_level, tile, hashes FROM ledger_tile WHERE " + which);
        for (int i = 0; i < wanted.size(); i++) {
            query.bind("level" + i, wanted.get(i).level()).bind("index" + i, wanted.get(i).index());
        }
        return query.map((rs, ctx) -> new HashTile(rs.getInt("tile_level"), rs.getLong("tile"), rs.getBytes("hashes")))
                .list();
    }

    /** The hash of each subtree, read from the entries that completed them, in one query. */
    private static Map<Subtree, byte[]> completedBy(Handle h, Collection<Subtree> subtrees) {
        Map<Long, List<Subtree>> byEntry = new HashMap<>();
        subtrees.forEach(s -> byEntry.computeIfAbsent(s.lastEntry(), e -> new ArrayList<>()).add(s));
        Map<Subtree, byte[]> hashes = new HashMap<>();
        h.createQuery("SELECT seq, leaf_hash, completed FROM ledger_entry WHERE seq IN (<seqs>)")
                .bindList("seqs", List.copyOf(byEntry.keySet()))
                .map((rs, ctx) -> {
                    for (Subtree subtree : byEntry.get(rs.getLong("seq"))) {
                        hashes.put(subtree, hashIn(rs, subtree.level()));
                    }
                    return null;
                })
                .list();
        if (hashes.size() != subtrees.size()) {
            throw new IllegalStateException("the ledger lacks entries it has counted: " + subtrees.size()
                    + " subtrees asked, " + hashes.size() + " found");
        }
        return hashes;
    }

    /**
     * Of each entry, its leaf hash and then the hashes of the subtrees its append completed, level by level: what a
     * sequencer reads to take up the tiles at the right edge after another node appended.
     */
    static Map<Long, byte[][]> upward(Handle h, List<Long> seqs) {
        Map<Long, byte[][]> upward = new HashMap<>();
        h.createQuery("SELECT seq, leaf_hash, completed FROM ledger_entry WHERE seq IN (<seqs>)")
                .bindList("seqs", seqs)
                .map((rs, ctx) -> upward.put(rs.getLong("seq"),
                        TileEdge.upward(rs.getBytes("leaf_hash"), rs.getBytes("completed"))))
                .list();
        if (upward.size() != seqs.size()) {
            throw new IllegalStateException("the ledger lacks entries it has counted: " + seqs.size() + " asked, "
                    + upward.size() + " found");
        }
        return upward;
    }

    static void insertTiles(Handle h, List<HashTile> tiles) {
        if (tiles.isEmpty()) {
            return;
        }
        PreparedBatch insert = h.prepareBatch("INSERT INTO ledger_tile (tile_level, tile, hashes) "
                + "VALUES (:level, :index, :hashes)");
        tiles.forEach(t -> insert.bind("level", t.level()).bind("index", t.index()).bind("hashes", t.hashes()).add());
        insert.execute();
    }

    private static byte[] hashIn(ResultSet rs, int level) throws SQLException {
        if (level == 0) {
            return rs.getBytes("leaf_hash");
        }
        byte[] completed = rs.getBytes("completed");
        int from = (level - 1) * MerkleHashes.SIZE;
        return Arrays.copyOfRange(completed, from, from + MerkleHashes.SIZE);
    }

    static boolean queueIsEmpty(Handle h) {
        return h.createQuery("SELECT id FROM ledger_queue ORDER BY id LIMIT 1").mapTo(Long.class).findOne().isEmpty();
    }

    /**
     * Takes the oldest queued records with ids above {@code after} (queue ids start at 1), at most {@code max}, out of
     * the queue, in queue order: on PostgreSQL in one statement (DELETE … RETURNING), elsewhere a read and a delete of
     * exactly the rows read. Rows queued by transactions still open are not seen, and stay for a later batch.
     */
    static List<QueuedRecord> takeQueued(Handle h, long after, int max) {
        if (isPostgres(h)) {
            List<QueuedRecord> taken = new ArrayList<>(h.createQuery("DELETE FROM ledger_queue WHERE id IN "
                            + "(SELECT id FROM ledger_queue WHERE id > :after ORDER BY id LIMIT :max) RETURNING *")
                    .bind("after", after).bind("max", max).map(LedgerStore::queued).list());
            taken.sort(Comparator.comparingLong(QueuedRecord::id));
            return taken;
        }
        List<QueuedRecord> taken = h.createQuery("SELECT * FROM ledger_queue WHERE id > :after ORDER BY id LIMIT :max")
                .bind("after", after).bind("max", max).map(LedgerStore::queued).list();
        if (!taken.isEmpty()) {
            h.createUpdate("DELETE FROM ledger_queue WHERE id IN (<ids>)")
                    .bindList("ids", taken.stream().map(QueuedRecord::id).toList()).execute();
        }
        return taken;
    }

    /**
     * Reclaims the rows and index entries of taken records on PostgreSQL (outside any transaction); other stores
     * reclaim them as they go. Skipped, rather than waited for, while another vacuum (autovacuum's, another node's)
     * holds the table: that one reclaims them.
     */
    static void vacuumQueue(Handle h) {
        if (isPostgres(h)) {
            h.execute("VACUUM (SKIP_LOCKED) ledger_queue");
        }
    }

    private static QueuedRecord queued(ResultSet rs, StatementContext ctx) throws SQLException {
        return new QueuedRecord(rs.getLong("id"), rs.getString("kind"), rs.getString("actor"), rs.getString("subject"),
                rs.getString("device_id"), rs.getObject("release_id", Long.class),
                rs.getObject("rollout_id", Long.class), rs.getString("details"), instant(rs, "recorded_at"));
    }

    private static boolean isPostgres(Handle h) {
        try {
            return h.getConnection().isWrapperFor(PGConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the database apart", e);
        }
    }

    /** Where a batch of new entries goes: on PostgreSQL a COPY, elsewhere a batch of INSERTs. */
    static EntryWriter entryWriter(Handle h) {
        if (!isPostgres(h)) {
            return new EntryInserts(h);
        }
        try {
            return EntryCopy.open(h.getConnection().unwrap(PGConnection.class));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write ledger entries", e);
        }
    }

    /** The log's size, locking it until the transaction ends: appends from every node queue up here. */
    static long lockSize(Handle h) {
        return h.createQuery("SELECT size FROM ledger_state WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
    }

    static long size(Handle h) {
        return h.createQuery("SELECT size FROM ledger_state WHERE id = 1").mapTo(Long.class).one();
    }

    static void setSize(Handle h, long size) {
        h.createUpdate("UPDATE ledger_state SET size = :size WHERE id = 1").bind("size", size).execute();
    }

    static byte[] leafHash(Handle h, long seq) {
        return h.createQuery("SELECT leaf_hash FROM ledger_entry WHERE seq = :seq").bind("seq", seq)
                .mapTo(byte[].class).one();
    }

    /** Entries {@code from}, {@code from + 1}, … as hashed, at most {@code limit}. */
    static List<byte[]> bodies(Handle h, long from, int limit) {
        return h.createQuery("SELECT body FROM ledger_entry WHERE seq >= :from ORDER BY seq LIMIT :limit")
                .bind("from", from).bind("limit", limit).mapTo(byte[].class).list();
    }

    static void insertHead(Handle h, SignedTreeHead signed) {
        TreeHead head = signed.head();
        h.createUpdate("INSERT INTO ledger_head (size, issued_at, root_hash, signature) "
                        + "VALUES (:size, :at, :root, :signature)")
                .bind("size", head.size()).bind("at", timestamp(head.timestamp())).bind("root", head.rootHash())
                .bind("signature", signed.signature()).execute();
    }

    static Optional<SignedTreeHead> latestHead(Handle h) {
        return h.createQuery("SELECT * FROM ledger_head ORDER BY size DESC LIMIT 1").map(LedgerStore::head).findOne();
    }

    static Optional<SignedTreeHead> head(Handle h, long size) {
        return h.createQuery("SELECT * FROM ledger_head WHERE size = :size").bind("size", size)
                .map(LedgerStore::head).findOne();
    }

    /** Heads of at least {@code fromSize} entries, smallest first, at most {@code limit}. */
    static List<SignedTreeHead> heads(Handle h, long fromSize, int limit) {
        return h.createQuery("SELECT * FROM ledger_head WHERE size >= :from ORDER BY size LIMIT :limit")
                .bind("from", fromSize).bind("limit", limit).map(LedgerStore::head).list();
    }

    private static SignedTreeHead head(ResultSet rs, StatementContext ctx)
            throws SQLException {
        return new SignedTreeHead(new TreeHead(rs.getLong("size"), instant(rs, "issued_at"), rs.getBytes("root_hash")),
                rs.getBytes("signature"));
    }
}
