package io.drover.ledger.audit;

import io.drover.error.DroverException;
import io.drover.ledger.CompactRange;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.MerkleProofs;
import io.drover.ledger.SignedTreeHead;
import io.drover.suit.VerificationKey;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One pass of a {@link LedgerAudit} over a ledger. Entries are read in order and appended to a compact range; when
 * the range reaches a head's size, the head is checked against its root.
 *
 * <p>What entry {@code k} is can only be judged once entries {@code k+1} and {@code k+2} are read: a break in the
 * chain of previous hashes between {@code k} and {@code k+1} means {@code k} was altered if {@code k+1} still chains
 * to {@code k+2}, and {@code k+1} was (its own previous hash included) if it does not. So the run collects problems
 * and, after the first, reads two more entries before answering the one earliest in the log.
 */
final class AuditRun {
    /** What the first entry states as its previous hash. */
    private static final byte[] NO_PREVIOUS = new byte[MerkleHashes.SIZE];
    /** Entries read after the first problem: what can still show an earlier one. */
    private static final int LOOK_AHEAD = 2;

    private final VerificationKey ledgerKey;
    private final Optional<ConsistencyProofs> consistencyProofs;
    private final Peeking<SignedTreeHead> heads;
    private final Peeking<SignedTreeHead> pinned;
    private final CompactRange range = CompactRange.empty();
    private final DeviceReports reports = new DeviceReports();
    private final Findings findings = new Findings();

    private byte[] previousLeaf = NO_PREVIOUS;
    private byte[] leafBeforePrevious = NO_PREVIOUS;
    /** Whether the last entry read does not chain to the one before it: judged at the next entry. */
    private boolean pendingBreak;
    private long lastListedSize = -1;
    private SignedTreeHead lastVerifiedHead;
    private long lastVerifiedSize;
    private long headsChecked;

    AuditRun(VerificationKey ledgerKey, Optional<ConsistencyProofs> consistencyProofs, Iterator<SignedTreeHead> heads,
            Iterator<SignedTreeHead> pinned) {
        this.ledgerKey = ledgerKey;
        this.consistencyProofs = consistencyProofs;
        this.heads = new Peeking<>(heads);
        this.pinned = new Peeking<>(pinned);
    }

    AuditReport run(Iterator<byte[]> entries) {
        long stopAt = Long.MAX_VALUE;
        boolean readAll = true;
        while (entries.hasNext()) {
            if (range.size() >= stopAt) {
                readAll = false;
                break;
            }
            checkHeads();
            entry(range.size(), entries.next());
            if (findings.any() && stopAt == Long.MAX_VALUE) {
                stopAt = range.size() + LOOK_AHEAD;
            }
        }
        if (readAll) {
            end();
        }
        return new AuditReport(findings.first(), range.size(), headsChecked, reports.verified(),
                reports.unverified());
    }

    private void entry(long position, byte[] line) {
        byte[] leaf = MerkleHashes.leaf(line);
        LedgerEntry entry = null;
        try {
            entry = LedgerEntry.parse(line);
        } catch (IllegalArgumentException e) {
            findings.entry(position, "not a ledger entry: " + e.getMessage());
        }
        if (entry == null) {
            if (pendingBreak) {
                findings.entry(position - 2, "entry " + (position - 1)
                        + "'s previous hash is not this entry's hash: one of them was altered");
            }
            pendingBreak = false;
        } else {
            judge(position, entry);
        }
        range.append(leaf);
        leafBeforePrevious = previousLeaf;
        previousLeaf = leaf;
    }

    private void judge(long position, LedgerEntry entry) {
        boolean breaks = !MessageDigest.isEqual(entry.previous(), previousLeaf);
        if (pendingBreak) {
            if (breaks) {
                findings.entry(position - 1, "altered: its previous hash is not entry " + (position - 2)
                        + "'s hash, and its own hash is not the previous hash entry " + position + " states");
            } else {
                findings.entry(position - 2, "altered: its hash is not the previous hash entry " + (position - 1)
                        + " states");
            }
        }
        // An entry out of place does not chain where it is; that is told by its index, not blamed on its neighbour.
        pendingBreak = breaks && position > 0 && entry.index() == position;
        if (position == 0 && breaks) {
            findings.entry(0, "states a previous hash, but the first entry has none (64 zeros)");
        }
        if (entry.index() != position) {
            misplaced(position, entry);
        }
        reports.check(entry, position).ifPresent(problem -> findings.entry(position, problem));
    }

    private void misplaced(long position, LedgerEntry entry) {
        long stated = entry.index();
        if (stated == position - 1 && MessageDigest.isEqual(entry.previous(), leafBeforePrevious)) {
            findings.entry(position - 1, "inserted: the next entry states it is entry " + stated + ", following entry "
                    + (stated - 1));
        } else if (stated > position) {
            findings.entry(position, "the entry in its place states index " + stated
                    + ": entries were deleted or moved here");
        } else {
            findings.entry(position, "the entry in its place states index " + stated
                    + ": entries were inserted or moved here");
        }
    }

    /** Checks the heads of exactly as many entries as were read. */
    private void checkHeads() {
        long size = range.size();
        while (heads.hasNext() && heads.peek().head().size() <= size) {
            listedHead(heads.next(), size);
        }
        while (pinned.hasNext() && pinned.peek().head().size() <= size) {
            pinnedHead(pinned.next(), size);
        }
    }

    private void listedHead(SignedTreeHead head, long size) {
        long stated = head.head().size();
        if (stated <= lastListedSize) {
            findings.head(stated, "listed after the head of size " + lastListedSize
                    + ": heads go smallest first, once each");
            return;
        }
        lastListedSize = stated;
        headsChecked++;
        if (!head.verifiedBy(ledgerKey)) {
            findings.head(stated, "signature does not verify with the ledger key");
        } else if (!matchesEntries(head, size)) {
            return;
        } else if (consistentWithLastVerified(head)) {
            lastVerifiedHead = head;
            lastVerifiedSize = size;
        }
    }

    private void pinnedHead(SignedTreeHead pin, long size) {
        if (!pin.verifiedBy(ledgerKey)) {
            findings.head(size, "the head pinned for this size does not verify with the ledger key");
        } else if (!matchesEntries(pin, size)) {
            return;
        } else if (lastListedSize != size) {
            findings.head(size, "pinned earlier, but missing from the ledger's heads");
        } else if (!pin.equals(lastVerifiedHead)) {
            findings.head(size, "not the head pinned earlier for this size");
        } else {
            lastVerifiedSize = size;
        }
    }

    private boolean matchesEntries(SignedTreeHead head, long size) {
        if (MessageDigest.isEqual(head.head().rootHash(), range.root())) {
            return true;
        }
        if (size == 0) {
            findings.head(0, "its root is not the empty log's");
        } else {
            findings.rewritten(lastVerifiedSize, size);
        }
        return false;
    }

    private boolean consistentWithLastVerified(SignedTreeHead head) {
        if (consistencyProofs.isEmpty() || lastVerifiedHead == null || lastVerifiedHead.head().size() == 0) {
            return true;
        }
        long first = lastVerifiedHead.head().size();
        long second = head.head().size();
        List<byte[]> proof;
        try {
            proof = consistencyProofs.get().consistencyProof(first, second);
        } catch (DroverException e) {
            findings.head(second, "the server gives no consistency proof from the head of size " + first + ": "
                    + e.getMessage());
            return false;
        }
        if (!MerkleProofs.verifyConsistency(first, second, proof, lastVerifiedHead.head().rootHash(),
                head.head().rootHash())) {
            findings.head(second, "the server's consistency proof from the head of size " + first
                    + " does not verify");
            return false;
        }
        return true;
    }

    /** What only the end of the log shows: an unresolved break, heads beyond it, entries no head covers. */
    private void end() {
        long size = range.size();
        if (pendingBreak) {
            findings.entry(size - 2, "entry " + (size - 1)
                    + "'s previous hash is not this entry's hash: one of them was altered");
        }
        checkHeads();
        if (heads.hasNext()) {
            findings.head(heads.peek().head().size(), "beyond the log, which has " + size + " entries");
        } else if (pinned.hasNext()) {
            findings.head(pinned.peek().head().size(), "pinned earlier, but the log now has only " + size
                    + " entries");
        } else if (lastListedSize < size) {
            findings.unsigned(Math.max(lastListedSize, 0), size - 1);
        }
    }

    /** The problems found so far; the first in log order wins, an entry before the heads that cover it. */
    private static final class Findings {
        private AuditProblem first;
        private long firstKey = Long.MAX_VALUE;

        boolean any() {
            return first != null;
        }

        Optional<AuditProblem> first() {
            return Optional.ofNullable(first);
        }

        void entry(long index, String detail) {
            add(2 * index, new AuditProblem.BadEntry(index, detail));
        }

        void head(long size, String detail) {
            add(2 * size - 1, new AuditProblem.BadHead(size, detail));
        }

        void rewritten(long from, long headSize) {
            add(2 * headSize - 1, new AuditProblem.RewrittenRange(from, headSize - 1, headSize));
        }

        void unsigned(long from, long to) {
            add(2 * from, new AuditProblem.UnsignedRange(from, to));
        }

        private void add(long key, AuditProblem problem) {
            if (key < firstKey) {
                first = problem;
                firstKey = key;
            }
        }
    }

    /** An iterator whose next element can be looked at before it is taken. */
    private static final class Peeking<T> {
        private final Iterator<T> source;
        private T next;

        Peeking(Iterator<T> source) {
            this.source = source;
        }

        boolean hasNext() {
            return next != null || source.hasNext();
        }

        T peek() {
            if (next == null) {
                next = source.next();
            }
            return next;
        }

        T next() {
            T value = peek();
            next = null;
            return value;
        }
    }
}
