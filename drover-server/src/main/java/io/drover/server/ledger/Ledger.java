package io.drover.server.ledger;

import static io.drover.server.store.Rows.timestamp;

import io.drover.error.DroverException;
import io.drover.ledger.MerkleTree;
import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.server.store.JsonColumn;
import io.drover.server.web.WebErrors;
import io.drover.suit.CoseSigner;
import io.drover.suit.VerificationKey;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drover's accountability ledger: features {@link #record} what happened in the transaction that makes it happen;
 * the sequencer appends the records to the Merkle log in batches and signs tree heads; auditors read entries, heads
 * and proofs. Every node of a cluster may record and sequence: they share one log through the database.
 */
public final class Ledger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    private final Jdbi jdbi;
    private final CoseSigner key;
    private final Clock clock;
    private final LedgerSequencer sequencer;
    private final SubtreeCache cache = new SubtreeCache();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("drover-ledger").daemon().factory());

    private Ledger(Jdbi jdbi, CoseSigner key, Clock clock, long vacuumQueueAfter) {
        this.jdbi = jdbi;
        this.key = key;
        this.clock = clock;
        this.sequencer = new LedgerSequencer(jdbi, key, clock, cache, vacuumQueueAfter);
    }

    /**
     * The ledger in {@code jdbi}'s database, signing with {@code key}. Refused when the log's latest head was signed
     * by another key: a node with the wrong key would split the evidence in two.
     */
    public static Ledger open(Jdbi jdbi, CoseSigner key, Clock clock) {
        return open(jdbi, key, clock, LedgerSequencer.VACUUM_AFTER);
    }

    /** {@link #open(Jdbi, CoseSigner, Clock)}, vacuuming the queue after {@code vacuumQueueAfter} taken records. */
    static Ledger open(Jdbi jdbi, CoseSigner key, Clock clock, long vacuumQueueAfter) {
        Optional<SignedTreeHead> latest = jdbi.withHandle(LedgerStore::latestHead);
        if (latest.isPresent() && !latest.get().verifiedBy(key.verificationKey())) {
            throw new IllegalStateException("the ledger's heads in this database were signed by another key than "
                    + key.verificationKey().keyId() + ": give every node the same ledger key file");
        }
        return new Ledger(jdbi, key, clock, vacuumQueueAfter);
    }

    /** Sequences what was recorded every {@code interval}, on a thread of its own. */
    public void sequenceEvery(Duration interval) {
        schedule.scheduleWithFixedDelay(() -> {
            try {
                sequencer.drain();
            } catch (RuntimeException e) {
                LOG.warn("ledger sequencing failed, retrying at the next pass", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Queues {@code record} in the caller's transaction: it enters the log if and only if that transaction commits. */
    public void record(Handle h, LedgerRecord record) {
        recordAll(h, List.of(record));
    }

    /** Queues {@code records}, in this order, in one batch of the caller's transaction (bulk actions, load tests). */
    public void recordAll(Handle h, Collection<LedgerRecord> records) {
        PreparedBatch insert = h.prepareBatch("INSERT INTO ledger_queue "
                + "(kind, actor, subject, device_id, release_id, rollout_id, details, recorded_at) "
                + "VALUES (:kind, :actor, :subject, :device, :release, :rollout, :details, :at)");
        OffsetDateTime now = timestamp(clock.instant());
        for (LedgerRecord record : records) {
            insert.bind("kind", record.kind().wireName()).bind("actor", record.actor())
                    .bind("subject", record.subject()).bind("device", record.deviceId())
                    .bind("release", record.releaseId()).bind("rollout", record.rolloutId())
                    .bind("details", JsonColumn.write(record.details())).bind("at", now).add();
        }
        insert.execute();
    }

    /** Appends everything committed so far and answers the signed head that covers it. */
    public SignedTreeHead latestHead() {
        sequencer.drain();
        return jdbi.withHandle(LedgerStore::latestHead).orElseThrow();
    }

    /**
     * The latest head the ledger has signed, without appending first: one indexed read, cheap enough for every device
     * to ask. It trails {@link #latestHead()} by at most one sequencing pass. Empty only before the first pass.
     */
    public Optional<SignedTreeHead> latestSignedHead() {
        return jdbi.withHandle(LedgerStore::latestHead);
    }

    /**
     * What a device asks for: the stored latest head, without a sequencing pass (devices ask often; the head trails
     * by at most one pass), and the proof from {@code since}. A {@code since} larger than the head gets no proof: the
     * device sees the log shrank.
     */
    public DeviceHead deviceHead(long since) {
        if (since < 0) {
            throw new DroverException(WebErrors.BAD_PARAMETER, "'since' must not be negative, not " + since);
        }
        // Only before the sequencer's first pass is there no head yet; then one pass makes it.
        SignedTreeHead head = latestSignedHead().orElseGet(this::latestHead);
        long size = head.head().size();
        PublishedProof proof = since > 0 && since < size
                ? PublishedProof.of(PublishedProof.CONSISTENCY, since, size, consistencyProof(since, size))
                : null;
        return new DeviceHead(PublishedTreeHead.of(head), proof);
    }

    /** The head the ledger signed when it had exactly {@code size} entries, if it signed one then. */
    public Optional<SignedTreeHead> head(long size) {
        return jdbi.withHandle(h -> LedgerStore.head(h, size));
    }

    /** Signed heads of at least {@code fromSize} entries, smallest first. */
    public List<SignedTreeHead> heads(long fromSize, int limit) {
        return jdbi.withHandle(h -> LedgerStore.heads(h, fromSize, limit));
    }

    /** Entries from position {@code from}, exactly as hashed. */
    public List<byte[]> entries(long from, int limit) {
        return jdbi.withHandle(h -> LedgerStore.bodies(h, from, limit));
    }

    /** The audit path of entry {@code index} in the tree of the first {@code size} entries. */
    public List<byte[]> inclusionProof(long index, long size) {
        return jdbi.withHandle(h -> {
            requireWithinLog(h, size);
            if (index < 0 || index >= size) {
                throw new DroverException(LedgerErrors.OUT_OF_RANGE,
                        "entry " + index + " is not in a tree of " + size + " entries");
            }
            return tree(h).inclusionProof(index, size);
        });
    }

    /** What proves the tree of {@code second} entries extends the tree of {@code first}. */
    public List<byte[]> consistencyProof(long first, long second) {
        return jdbi.withHandle(h -> {
            requireWithinLog(h, second);
            if (first < 0 || first > second) {
                throw new DroverException(LedgerErrors.OUT_OF_RANGE,
                        "a tree of " + first + " entries cannot grow into one of " + second);
            }
            return tree(h).consistencyProof(first, second);
        });
    }

    public VerificationKey publicKey() {
        return key.verificationKey();
    }

    /** The tree of the log, read through this node's cache of large subtrees (for proofs of forensic answers too). */
    MerkleTree tree(Handle h) {
        return MerkleTree.overSubtrees(subtrees -> subtrees.isEmpty() ? Map.of() : cache.hashesOf(h, subtrees));
    }

    private void requireWithinLog(Handle h, long size) {
        if (size >= 1 && size <= sequencer.knownSize()) {
            return; // the log never shrinks: no need to ask
        }
        long logSize = LedgerStore.size(h);
        if (size < 1 || size > logSize) {
            throw new DroverException(LedgerErrors.OUT_OF_RANGE,
                    "the ledger has " + logSize + " entries: no tree of " + size);
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        try {
            schedule.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
