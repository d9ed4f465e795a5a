package io.drover.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.MerkleProofs;
import io.drover.ledger.MerkleTree;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.audit.AuditProblem;
import io.drover.ledger.audit.AuditProblem.BadEntry;
import io.drover.ledger.audit.AuditProblem.BadHead;
import io.drover.ledger.audit.AuditProblem.RewrittenRange;
import io.drover.ledger.audit.AuditProblem.UnsignedRange;
import io.drover.ledger.audit.AuditReport;
import io.drover.ledger.audit.LedgerAudit;
import io.drover.server.store.Database;
import io.drover.server.store.DatabaseSettings;
import io.drover.server.testing.MutableClock;
import io.drover.server.testing.StoreBackend;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger as an auditor sees it: rows altered, deleted, reordered, inserted or rewritten directly in the database,
 * behind the server's back, are found by an audit of what the server then serves, which names the first bad entry or
 * head; proofs the server computes from its stored subtrees verify for any sizes.
 */
abstract class LedgerAuditContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CoseSigner KEY = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));
    /** The log's heads are signed after these many entries: 0, 5, 13, 20, 29, 37, 40. */
    private static final int[] BATCHES = {5, 8, 7, 9, 8, 3};
    private static final int SIZE = 40;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    private DatabaseSettings settings;
    private Database database;
    private Ledger ledger;

    abstract StoreBackend backend();

    @BeforeEach
    void buildLedger() {
        settings = backend().freshDatabase();
        database = Database.open(settings);
        ledger = Ledger.open(database.jdbi(), KEY, clock);
        ledger.latestHead();
        int n = 0;
        for (int batch : BATCHES) {
            for (int i = 0; i < batch; i++, n++) {
                int entry = n;
                database.jdbi().useTransaction(h -> ledger.record(h, new LedgerRecord(EntryKind.ROLLOUT_CHANGED,
                        "user-" + entry, "device-" + entry, 7L, 3L, Map.of("action", "paused", "n", entry))));
                clock.advance(Duration.ofSeconds(1));
            }
            ledger.latestHead();
        }
        assertThat(heads()).extracting(h -> h.head().size()).containsExactly(0L, 5L, 13L, 20L, 29L, 37L, 40L);
    }

    @AfterEach
    void dropStore() {
        ledger.close();
        database.close();
        backend().drop(settings);
    }

    @Test
    void theUntamperedLedgerVerifiesWithTheServersConsistencyProofsToo() {
        AuditReport report = audit();
        assertThat(report.ok()).as(report.summary()).isTrue();
        assertThat(report.entries()).isEqualTo(SIZE);
        assertThat(report.heads()).isEqualTo(7);

        assertThat(LedgerAudit.create(KEY.verificationKey()).withConsistencyProofs(ledger::consistencyProof)
                .verify(ledger.entries(0, 1000).iterator(), heads().iterator()).ok()).isTrue();
    }

    @Test
    void anEntryWhoseBodyWasAlteredIsNamed() {
        sql("UPDATE ledger_entry SET body = :body WHERE seq = 16", Map.of("body", body(16).replace("user-16", "user-99")
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(problem()).isEqualTo(new BadEntry(16, "altered: its hash is not the previous hash entry 17 states"));
    }

    @Test
    void aDeletedEntryIsNamed() {
        sql("DELETE FROM ledger_entry WHERE seq = 16", Map.of());

        assertThat(problem()).isEqualTo(new BadEntry(16, "the entry in its place states index 17: entries were"
                + " deleted or moved here"));
    }

    @Test
    void theFirstOfTwoReorderedEntriesIsNamed() {
        byte[] tenth = ledger.entries(10, 1).getFirst();
        sql("UPDATE ledger_entry SET body = :body WHERE seq = 10", Map.of("body", ledger.entries(20, 1).getFirst()));
        sql("UPDATE ledger_entry SET body = :body WHERE seq = 20", Map.of("body", tenth));

        assertThat(problem()).isEqualTo(new BadEntry(10, "the entry in its place states index 20: entries were"
                + " deleted or moved here"));
    }

    @Test
    void anEntryInsertedInTheMiddleIsNamed() {
        sql("UPDATE ledger_entry SET seq = seq + 1000 WHERE seq >= 16", Map.of());
        sql("UPDATE ledger_entry SET seq = seq - 999 WHERE seq >= 1000", Map.of());
        insertEntry(16, forged(16, leafHash(15), "mallory"));

        assertThat(problem()).isEqualTo(new BadEntry(16, "inserted: the next entry states it is entry 16, following"
                + " entry 15"));
    }

    @Test
    void anEntryAddedAtTheEndIsNamed() {
        insertEntry(SIZE, forged(SIZE, leafHash(SIZE - 1), "mallory"));

        assertThat(problem()).isEqualTo(new UnsignedRange(40, 40));
    }

    @Test
    void entriesRewrittenConsistentlyAreNamedByTheFirstSignedHeadTheyFail() {
        byte[] previous = leafHash(14);
        for (int seq = 15; seq < SIZE; seq++) {
            ObjectNode entry = entry(seq);
            entry.put("previous", HexFormat.of().formatHex(previous));
            if (seq == 15) {
                entry.put("actor", "mallory");
            }
            byte[] body = bytes(entry);
            previous = MerkleHashes.leaf(body);
            sql("UPDATE ledger_entry SET body = :body, leaf_hash = :leaf WHERE seq = :seq",
                    Map.of("body", body, "leaf", previous, "seq", seq));
        }

        assertThat(problem()).isEqualTo(new RewrittenRange(13, 19, 20));
    }

    @Test
    void aHeadWithAForgedRootIsNamed() {
        sql("UPDATE ledger_head SET root_hash = :root WHERE size = 20", Map.of("root", MerkleHashes.emptyRoot()));

        assertThat(problem()).isEqualTo(new BadHead(20, "signature does not verify with the ledger key"));
    }

    @Test
    void aDeletedLatestHeadLeavesItsEntriesUnsigned() {
        sql("DELETE FROM ledger_head WHERE size = 40", Map.of());

        assertThat(problem()).isEqualTo(new UnsignedRange(37, 39));
    }

    @Test
    void aDeletedHeadAnAuditorPinnedIsNamed() {
        List<SignedTreeHead> pinned = heads();
        sql("DELETE FROM ledger_head WHERE size = 20", Map.of());

        assertThat(LedgerAudit.create(KEY.verificationKey()).verify(ledger.entries(0, 1000).iterator(),
                heads().iterator(), pinned.iterator()).problem())
                .contains(new BadHead(20, "pinned earlier, but missing from the ledger's heads"));
    }

    @Test
    void consistencyProofsBetweenAnyTwoSizesVerify() {
        MerkleTree local = localTree();
        for (long first = 0; first <= SIZE; first++) {
            for (long second = Math.max(first, 1); second <= SIZE; second++) {
                assertThat(MerkleProofs.verifyConsistency(first, second, ledger.consistencyProof(first, second),
                        local.root(first), local.root(second))).as("%d → %d", first, second).isTrue();
            }
        }
    }

    @Test
    void inclusionProofsOfRandomEntriesVerify() {
        MerkleTree local = localTree();
        List<byte[]> bodies = ledger.entries(0, 1000);
        Random random = new Random(20261128);
        for (int i = 0; i < 200; i++) {
            long size = 1 + random.nextInt(SIZE);
            long index = random.nextLong(size);
            assertThat(MerkleProofs.verifyInclusion(MerkleHashes.leaf(bodies.get((int) index)), index, size,
                    ledger.inclusionProof(index, size), local.root(size))).as("entry %d in %d", index, size).isTrue();
        }
    }

    private AuditReport audit() {
        return LedgerAudit.create(KEY.verificationKey()).verify(ledger.entries(0, 1000).iterator(), heads().iterator());
    }

    private AuditProblem problem() {
        return audit().problem().orElseThrow(() -> new AssertionError("the audit found nothing"));
    }

    private List<SignedTreeHead> heads() {
        return ledger.heads(0, 1000);
    }

    /** The tree an auditor computes from the entries alone. */
    private MerkleTree localTree() {
        List<byte[]> bodies = ledger.entries(0, 1000);
        return MerkleTree.overLeaves(i -> MerkleHashes.leaf(bodies.get((int) i)));
    }

    private void sql(String statement, Map<String, Object> binds) {
        database.jdbi().useHandle(h -> {
            var update = h.createUpdate(statement);
            binds.forEach(update::bind);
            update.execute();
        });
    }

    private String body(long seq) {
        return new String(ledger.entries(seq, 1).getFirst(), StandardCharsets.UTF_8);
    }

    private byte[] leafHash(long seq) {
        return MerkleHashes.leaf(ledger.entries(seq, 1).getFirst());
    }

    private ObjectNode entry(long seq) {
        try {
            return (ObjectNode) JSON.readTree(ledger.entries(seq, 1).getFirst());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] forged(long index, byte[] previous, String actor) {
        ObjectNode entry = entry(0);
        entry.put("index", index).put("previous", HexFormat.of().formatHex(previous)).put("actor", actor);
        return bytes(entry);
    }

    private void insertEntry(long seq, byte[] body) {
        sql("INSERT INTO ledger_entry (seq, body, leaf_hash, completed, kind, recorded_at) "
                + "VALUES (:seq, :body, :leaf, :completed, 'rollout.changed', CURRENT_TIMESTAMP)",
                Map.of("seq", seq, "body", body, "leaf", MerkleHashes.leaf(body), "completed", new byte[0]));
    }

    private static byte[] bytes(ObjectNode entry) {
        try {
            return JSON.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
