package io.drover.ledger.audit;

import io.drover.ledger.SignedTreeHead;
import io.drover.suit.VerificationKey;
import java.util.Collections;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a whole ledger without trusting whoever served it: every entry states its position and the previous entry's
 * hash, every signed head verifies with the ledger key and has the root of the entries it covers, heads grow and
 * cover every entry, and every install report's device signature verifies with the key the ledger recorded for that
 * device before it. Reads entries once, in order, keeping O(log n) hashes and one key per device: a log of millions
 * of entries is checked as it streams by.
 *
 * <p>It answers the first problem in log order and names the first entry that is not what the log committed to
 * (altered, deleted, inserted, moved), or, when entries were rewritten so consistently that only a signed head shows
 * it, the range between the last head that held and the first that fails. See docs/LEDGER.md, "Verification".
 */
public final class LedgerAudit {
    private final VerificationKey ledgerKey;
    private final Optional<ConsistencyProofs> consistencyProofs;

    private LedgerAudit(VerificationKey ledgerKey, Optional<ConsistencyProofs> consistencyProofs) {
        this.ledgerKey = Objects.requireNonNull(ledgerKey, "ledgerKey");
        this.consistencyProofs = consistencyProofs;
    }

    /**
     * An audit trusting only {@code ledgerKey}: a key the auditor obtained independently of what it audits, not the
     * copy that comes with an export or from the server being audited.
     */
    public static LedgerAudit create(VerificationKey ledgerKey) {
        return new LedgerAudit(ledgerKey, Optional.empty());
    }

    /** The same audit, also checking the consistency proof {@code proofs} gives between each two consecutive heads. */
    public LedgerAudit withConsistencyProofs(ConsistencyProofs proofs) {
        return new LedgerAudit(ledgerKey, Optional.of(proofs));
    }

    /**
     * Audits the ledger of {@code entries} (each exactly an entry's bytes, from entry 0) and {@code heads} (every
     * signed head, smallest first).
     */
    public AuditReport verify(Iterator<byte[]> entries, Iterator<SignedTreeHead> heads) {
        return verify(entries, heads, Collections.emptyIterator());
    }

    /**
     * As {@link #verify(Iterator, Iterator)}, and also checks that every head in {@code pinned} (heads the auditor
     * kept from an earlier look, smallest first) is still among the ledger's heads and matches its entries: a ledger
     * cannot then drop or rewrite what it once showed.
     */
    public AuditReport verify(Iterator<byte[]> entries, Iterator<SignedTreeHead> heads,
            Iterator<SignedTreeHead> pinned) {
        return new AuditRun(ledgerKey, consistencyProofs, heads, pinned).run(entries);
    }
}
