package io.drover.bench;

import io.drover.ledger.MerkleHashes;
import io.drover.ledger.MerkleProofs;
import io.drover.ledger.SignedTreeHead;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerRecord;
import io.drover.server.store.Database;
import io.drover.server.store.DatabaseSettings;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ledger's load harness: {@code ./drover bench ledger [entries] [chunk] jdbc-url user}. Grows a log on PostgreSQL
 * to {@code entries} (default 1,000,000) one chunk at a time: each chunk's records are first queued (as actions
 * would, in transactions of 10,000), then appended by the sequencer, timed apart. Then, on the full log, times the
 * generation and verification of inclusion and consistency proofs for random positions.
 */
public final class LedgerLoad {
    private static final int QUEUE_TRANSACTION = 10_000;
    private static final int PROOFS = 10_000;
    /** The fleet whose install reports the log holds. */
    private static final long FLEET = 1_000_000;

    private LedgerLoad() {}

    public static void main(String[] args) {
        long entries = args.length > 0 ? Long.parseLong(args[0].replace(",", "").replace("_", "")) : 1_000_000;
        long chunk = args.length > 1 ? Long.parseLong(args[1].replace(",", "").replace("_", "")) : 1_000_000;
        if (args.length < 4) {
            System.err.println("usage: ./drover bench ledger [entries] [chunk] jdbc-url user");
            System.exit(2);
        }
        System.out.println(BenchMachine.describe());
        System.out.printf("store: %s; %,d entries in chunks of %,d%n", args[2], entries, chunk);
        DatabaseSettings settings = BenchMachine.freshSchema(args[2], args[3]);
        try (Database database = Database.open(settings);
                Ledger ledger = Ledger.open(database.jdbi(),
                        CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519)), Clock.systemUTC())) {
            grow(database, ledger, entries, chunk);
            printSizes(database);
            // First right after the appends (checkpoints and autovacuum still busy, node's subtree cache empty),
            // then again once both have settled.
            proofs(ledger, entries, "first pass", 1);
            proofs(ledger, entries, "second pass", 2);
        } finally {
            BenchMachine.dropSchema(settings);
        }
    }

    private static void grow(Database database, Ledger ledger, long entries, long chunk) {
        System.out.println("log size after chunk | queued/s | appended/s (sequencer: entries, subtree hashes, heads)");
        long done = 0;
        while (done < entries) {
            long n = Math.min(chunk, entries - done);
            long start = System.nanoTime();
            for (long queued = 0; queued < n; queued += QUEUE_TRANSACTION) {
                long from = done + queued;
                int count = (int) Math.min(QUEUE_TRANSACTION, n - queued);
                database.jdbi().useTransaction(h -> ledger.recordAll(h, records(from, count)));
            }
            double queuedSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            SignedTreeHead head = ledger.latestHead();
            double appendSeconds = (System.nanoTime() - start) / 1e9;
            done += n;
            if (head.head().size() != done) {
                throw new IllegalStateException("the log has " + head.head().size() + " entries, not " + done);
            }
            System.out.printf("%,20d | %,8.0f | %,10.0f%n", done, n / queuedSeconds, n / appendSeconds);
        }
    }

    /** What the log takes on disk: the wide entry rows proofs used to read, and the tiles they read now. */
    private static void printSizes(Database database) {
        System.out.printf("on disk, with indexes: ledger_entry %s, ledger_tile %s%n", size(database, "ledger_entry"),
                size(database, "ledger_tile"));
    }

    private static String size(Database database, String table) {
        return database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT pg_size_pretty(pg_total_relation_size(CAST(:table AS regclass)))")
                .bind("table", table).mapTo(String.class).one());
    }

    private static void proofs(Ledger ledger, long size, String pass, long seed) {
        SignedTreeHead head = ledger.latestHead();
        byte[] root = head.head().rootHash();
        var random = new SplittableRandom(seed);
        long[] generate = new long[PROOFS];
        long[] verify = new long[PROOFS];
        for (int i = 0; i < PROOFS; i++) {
            long index = random.nextLong(size);
            long start = System.nanoTime();
            List<byte[]> path = ledger.inclusionProof(index, size);
            generate[i] = System.nanoTime() - start;
            byte[] leaf = MerkleHashes.leaf(ledger.entries(index, 1).getFirst());
            start = System.nanoTime();
            boolean ok = MerkleProofs.verifyInclusion(leaf, index, size, path, root);
            verify[i] = System.nanoTime() - start;
            if (!ok) {
                throw new IllegalStateException("the inclusion proof of entry " + index + " does not verify");
            }
        }
        report(pass + ": inclusion proof", size, generate, verify);
        for (int i = 0; i < PROOFS; i++) {
            long first = 1 + random.nextLong(size - 1);
            long start = System.nanoTime();
            List<byte[]> proof = ledger.consistencyProof(first, size);
            generate[i] = System.nanoTime() - start;
            byte[] firstRoot = ledger.head(first).map(h -> h.head().rootHash()).orElse(null);
            start = System.nanoTime();
            boolean ok = firstRoot == null || MerkleProofs.verifyConsistency(first, size, proof, firstRoot, root);
            verify[i] = System.nanoTime() - start;
            if (!ok) {
                throw new IllegalStateException("the consistency proof from " + first + " does not verify");
            }
        }
        report(pass + ": consistency proof (verified where a head of the first size exists)", size, generate, verify);
    }

    private static void report(String what, long size, long[] generate, long[] verify) {
        System.out.printf("%s in a log of %,d, %,d random positions: generate median %.3f ms, p99 %.3f ms; "
                + "verify median %.4f ms, p99 %.4f ms%n", what, size, PROOFS, percentile(generate, 50),
                percentile(generate, 99), percentile(verify, 50), percentile(verify, 99));
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    /**
     * The device that made record {@code i}: one of {@link #FLEET}, in a scattered order, as reports from a fleet
     * arrive, so that the index on the entries' subject grows at random places as it does in service.
     */
    private static long fleetDevice(long i) {
        long mixed = i * 0x9E3779B97F4A7C15L; // Fibonacci hashing: consecutive records land far apart
        return Long.remainderUnsigned(mixed ^ (mixed >>> 29), FLEET);
    }

    /** Install reports of the size real ones have. */
    private static List<LedgerRecord> records(long from, int count) {
        List<LedgerRecord> records = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", "SUCCESS");
            details.put("reason", null);
            details.put("deviceTime", "2026-11-28T12:00:00Z");
            details.put("after", Map.of("app", Map.of("version", "2.0." + (i % 7),
                    "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")));
            details.put("signatureVerified", true);
            String device = "dev-" + fleetDevice(i);
            records.add(new LedgerRecord(EntryKind.INSTALL_REPORTED, device, device, 1L, 1L, details));
        }
        return records;
    }
}
