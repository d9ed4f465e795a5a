package io.drover.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.error.DroverException;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.MerkleProofs;
import io.drover.ledger.MerkleTree;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.Subtree;
import io.drover.ledger.SubtreeHashes;
import io.drover.server.store.Database;
import io.drover.server.store.DatabaseSettings;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger against a real store: what enters the log, its heads and proofs, and several nodes on one database. */
abstract class LedgerContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CoseSigner KEY = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));

    private DatabaseSettings settings;
    Database database;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    private Ledger ledger;

    abstract StoreBackend backend();

    @BeforeEach
    void openStore() {
        settings = backend().freshDatabase();
        database = Database.open(settings);
        ledger = Ledger.open(database.jdbi(), KEY, clock);
    }

    @AfterEach
    void dropStore() {
        ledger.close();
        database.close();
        backend().drop(settings);
    }

    private void record(Ledger into, String actor, int n) {
        database.jdbi().useTransaction(h -> into.record(h, new LedgerRecord(EntryKind.ROLLOUT_CHANGED, actor,
                "device-" + n, 7L, 3L, Map.of("n", n, "why", "step \"" + n + "\""))));
    }

    @Test
    void whatACommittedTransactionRecordsEntersTheLogAndWhatARolledBackOneRecordsNever() throws IOException {
        record(ledger, "alice", 0);
        assertThatThrownBy(() -> database.jdbi().useTransaction(h -> {
            ledger.record(h, new LedgerRecord(EntryKind.ROLLOUT_CHANGED, "mallory", null, 7L, 3L, Map.of()));
            throw new IllegalStateException("the action failed");
        })).hasMessage("the action failed");
        clock.advance(Duration.ofSeconds(5));
        record(ledger, "bob", 1);

        SignedTreeHead head = ledger.latestHead();
        assertThat(head.head().size()).isEqualTo(2);
        assertThat(head.verifiedBy(KEY.verificationKey())).isTrue();
        List<byte[]> bodies = ledger.entries(0, 100);
        assertThat(bodies).hasSize(2);

        JsonNode first = JSON.readTree(bodies.get(0));
        assertThat(first.get("index").asLong()).isZero();
        assertThat(first.get("previous").asText()).isEqualTo("0".repeat(64));
        assertThat(first.get("time").asText()).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(first.get("kind").asText()).isEqualTo("rollout.changed");
        assertThat(first.get("actor").asText()).isEqualTo("alice");
        assertThat(first.get("deviceId").asText()).isEqualTo("device-0");
        assertThat(first.get("releaseId").asLong()).isEqualTo(7);
        assertThat(first.get("rolloutId").asLong()).isEqualTo(3);
        assertThat(first.get("details").get("why").asText()).isEqualTo("step \"0\"");
        JsonNode second = JSON.readTree(bodies.get(1));
        assertThat(second.get("index").asLong()).isEqualTo(1);
        assertThat(second.get("actor").asText()).isEqualTo("bob");
        assertThat(second.get("time").asText()).isEqualTo("2026-11-28T12:00:05Z");
        assertThat(second.get("previous").asText()).isEqualTo(HexFormat.of().formatHex(MerkleHashes.leaf(bodies.get(0))));

        assertThat(head.head().rootHash())
                .isEqualTo(MerkleTree.overLeaves(i -> MerkleHashes.leaf(bodies.get((int) i))).root(2));
    }

    @Test
    void proofsFromStoredSubtreesVerifyAgainstEverySignedHead() {
        List<SignedTreeHead> heads = new ArrayList<>();
        heads.add(ledger.latestHead()); // the empty log's head
        int n = 0;
        for (int batch : new int[] {1, 2, 5, 8, 13, 1, 7}) {
            for (int i = 0; i < batch; i++) {
                record(ledger, "alice", n++);
            }
            heads.add(ledger.latestHead());
        }
        assertThat(heads.getLast().head().size()).isEqualTo(37);
        assertThat(heads.getFirst().head().rootHash()).isEqualTo(MerkleHashes.emptyRoot());
        List<byte[]> bodies = ledger.entries(0, 100);
        assertThat(ledger.heads(0, 100)).containsExactlyElementsOf(heads);

        for (SignedTreeHead signed : heads) {
            assertThat(signed.verifiedBy(KEY.verificationKey())).isTrue();
            long size = signed.head().size();
            for (long index = 0; index < size; index++) {
                assertThat(MerkleProofs.verifyInclusion(MerkleHashes.leaf(bodies.get((int) index)), index, size,
                        ledger.inclusionProof(index, size), signed.head().rootHash()))
                        .as("entry %d in %d", index, size).isTrue();
            }
            for (SignedTreeHead later : heads) {
                if (later.head().size() >= size && later.head().size() > 0) {
                    assertThat(MerkleProofs.verifyConsistency(size, later.head().size(),
                            ledger.consistencyProof(size, later.head().size()), signed.head().rootHash(),
                            later.head().rootHash())).as("%d → %d", size, later.head().size()).isTrue();
                }
            }
        }
    }

    @Test
    void twoNodesSharingTheDatabaseAppendOneHistory() throws Exception {
        try (Ledger other = Ledger.open(database.jdbi(), KEY, clock);
                ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Ledger node = t % 2 == 0 ? ledger : other;
                int from = t * 50;
                work.add(threads.submit(() -> {
                    for (int n = from; n < from + 50; n++) {
                        record(node, "node", n);
                        if (n % 7 == 0) {
                            node.latestHead();
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            SignedTreeHead head = other.latestHead();
            assertThat(head.head().size()).isEqualTo(200);
            List<byte[]> bodies = ledger.entries(0, 1000);
            Set<Integer> seen = new HashSet<>();
            byte[] previous = new byte[32];
            for (int index = 0; index < bodies.size(); index++) {
                JsonNode entry = JSON.readTree(bodies.get(index));
                assertThat(entry.get("index").asLong()).isEqualTo(index);
                assertThat(entry.get("previous").asText()).isEqualTo(HexFormat.of().formatHex(previous));
                assertThat(seen.add(entry.get("details").get("n").asInt())).isTrue();
                previous = MerkleHashes.leaf(bodies.get(index));
            }
            assertThat(seen).hasSize(200);
            assertThat(head.head().rootHash())
                    .isEqualTo(MerkleTree.overLeaves(i -> MerkleHashes.leaf(bodies.get((int) i))).root(200));
            List<SignedTreeHead> heads = ledger.heads(0, 1000);
            for (int i = 1; i < heads.size(); i++) {
                long first = heads.get(i - 1).head().size();
                long second = heads.get(i).head().size();
                assertThat(MerkleProofs.verifyConsistency(first, second, ledger.consistencyProof(first, second),
                        heads.get(i - 1).head().rootHash(), heads.get(i).head().rootHash())).isTrue();
            }
        }
    }

    @Test
    void completeTilesHoldTheLowerSubtreesAndProofsReadThemInsteadOfTheEntries() {
        // Tiles that straddle batches and nodes: each node takes up the tile another node left half filled.
        try (Ledger other = Ledger.open(database.jdbi(), KEY, clock)) {
            recordMany(ledger, 0, 300);
            recordMany(other, 300, 300);
            recordMany(ledger, 600, 100);
        }
        assertThat(ledger.latestHead().head().size()).isEqualTo(700);
        List<byte[]> bodies = ledger.entries(0, 1000);
        SubtreeHashes fromLeaves = SubtreeHashes.fromLeaves(i -> MerkleHashes.leaf(bodies.get((int) i)));

        List<HashTile> tiles = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT tile_level, tile, hashes FROM ledger_tile ORDER BY tile")
                .map((rs, ctx) -> new HashTile(rs.getInt("tile_level"), rs.getLong("tile"), rs.getBytes("hashes")))
                .list());
        // Entries 512 to 699 do not fill a third tile yet, and a tile of level 1 takes 65,536 entries.
        assertThat(tiles).extracting(HashTile::key)
                .containsExactly(new HashTile.Key(0, 0), new HashTile.Key(0, 1));
        for (HashTile tile : tiles) {
            for (int level = 0; level < HashTile.HEIGHT; level++) {
                for (long i = 0; i < HashTile.WIDTH >> level; i++) {
                    var subtree = new Subtree(level, (tile.index() << (HashTile.HEIGHT - level)) + i);
                    assertThat(tile.hashOf(subtree)).as("%s", subtree)
                            .isEqualTo(fromLeaves.hashesOf(List.of(subtree)).get(subtree));
                }
            }
        }

        // Blank what the entries of the two tiles say of the subtrees below 2^8; the tiles still answer for them.
        // Blank entry 255's hash of the first 2^8 entries too: this node appended them, and keeps that hash.
        database.jdbi().useTransaction(h -> h.createQuery("SELECT seq, completed FROM ledger_entry WHERE seq < 512")
                .map((rs, ctx) -> {
                    byte[] completed = rs.getBytes("completed");
                    int levels = rs.getLong("seq") == 255 ? 8 : 7;
                    Arrays.fill(completed, 0, Math.min(completed.length, levels * MerkleHashes.SIZE), (byte) 0);
                    return Map.entry(rs.getLong("seq"), completed);
                })
                .list()
                .forEach(row -> h.createUpdate("UPDATE ledger_entry SET leaf_hash = :zero, completed = :completed "
                                + "WHERE seq = :seq")
                        .bind("zero", new byte[MerkleHashes.SIZE]).bind("completed", row.getValue())
                        .bind("seq", row.getKey()).execute()));
        byte[] root = ledger.latestHead().head().rootHash();
        for (long index = 0; index < 700; index++) {
            assertThat(MerkleProofs.verifyInclusion(MerkleHashes.leaf(bodies.get((int) index)), index, 700,
                    ledger.inclusionProof(index, 700), root)).as("entry %d", index).isTrue();
        }
        // A node that appended none of them reads the blanked entry; without the tiles, the blanked entries answer
        // every node, and wrongly: what the proofs above read was the tiles and the appending node's memory.
        try (Ledger freshNode = Ledger.open(database.jdbi(), KEY, clock)) {
            assertThat(MerkleProofs.verifyInclusion(MerkleHashes.leaf(bodies.get(300)), 300, 700,
                    freshNode.inclusionProof(300, 700), root)).isFalse();
            assertThat(MerkleProofs.verifyInclusion(MerkleHashes.leaf(bodies.get(5)), 5, 700,
                    freshNode.inclusionProof(5, 700), root)).isTrue();
            database.jdbi().useHandle(h -> h.execute("DELETE FROM ledger_tile"));
            assertThat(MerkleProofs.verifyInclusion(MerkleHashes.leaf(bodies.get(5)), 5, 700,
                    freshNode.inclusionProof(5, 700), root)).isFalse();
        }
    }

    void recordMany(Ledger into, int from, int count) {
        List<LedgerRecord> records = new ArrayList<>();
        for (int n = from; n < from + count; n++) {
            records.add(new LedgerRecord(EntryKind.ROLLOUT_CHANGED, "alice", "device-" + n, 7L, 3L, Map.of("n", n)));
        }
        database.jdbi().useTransaction(h -> into.recordAll(h, records));
        assertThat(into.latestHead().head().size()).isEqualTo(from + count);
    }

    @Test
    void aRecordQueuedFirstButCommittedAfterMoreThanTwoBatchesEntersTheLogAtTheNextDrain() throws IOException {
        try (Handle late = database.jdbi().open()) {
            late.begin();
            ledger.record(late, new LedgerRecord(EntryKind.ROLLOUT_CHANGED, "late", null, 7L, 3L, Map.of()));
            // Queued after it, committed before it: a drain takes these in batches from after the last id taken.
            recordMany(ledger, 0, 2 * LedgerSequencer.BATCH + 1);
            late.commit();
        }
        SignedTreeHead head = ledger.latestHead();
        assertThat(head.head().size()).isEqualTo(2 * LedgerSequencer.BATCH + 2);
        byte[] last = ledger.entries(head.head().size() - 1, 1).getFirst();
        assertThat(JSON.readTree(last).get("actor").asText()).isEqualTo("late");
        assertThat(database.jdbi().withHandle(LedgerStore::queueIsEmpty)).isTrue();
    }

    @Test
    void keepsEveryCharacterOfWhatItIndexes() throws IOException {
        String odd = "dev\\ice\t7\nwith \"quotes\" and ünïcode";
        database.jdbi().useTransaction(h -> ledger.record(h, new LedgerRecord(EntryKind.INSTALL_REPORTED, odd, odd,
                7L, 3L, Map.of("status", "SUCCESS"))));
        ledger.latestHead();
        String subject = database.jdbi().withHandle(h -> h.createQuery("SELECT subject FROM ledger_entry")
                .mapTo(String.class).one());
        assertThat(subject).isEqualTo("device:" + odd);
        assertThat(JSON.readTree(ledger.entries(0, 1).getFirst()).get("deviceId").asText()).isEqualTo(odd);
    }

    @Test
    void aNodeWithAnotherLedgerKeyIsRefused() {
        record(ledger, "alice", 0);
        ledger.latestHead();
        CoseSigner stranger = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));
        assertThatThrownBy(() -> Ledger.open(database.jdbi(), stranger, clock))
                .hasMessageContaining("signed by another key");
    }

    @Test
    void proofsOutsideTheLogAreRefusedClearly() {
        record(ledger, "alice", 0);
        record(ledger, "alice", 1);
        ledger.latestHead();
        assertOutOfRange(() -> ledger.inclusionProof(2, 2), "entry 2 is not in a tree of 2 entries");
        assertOutOfRange(() -> ledger.inclusionProof(-1, 2), "entry -1 is not in a tree of 2 entries");
        assertOutOfRange(() -> ledger.inclusionProof(0, 3), "the ledger has 2 entries: no tree of 3");
        assertOutOfRange(() -> ledger.consistencyProof(2, 1), "a tree of 2 entries cannot grow into one of 1");
        assertOutOfRange(() -> ledger.consistencyProof(0, 0), "no tree of 0");
        assertThat(ledger.latestHead().head().size()).isEqualTo(2);
    }

    private static void assertOutOfRange(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(DroverException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((DroverException) e).errorCode()).isEqualTo(LedgerErrors.OUT_OF_RANGE));
    }
}
