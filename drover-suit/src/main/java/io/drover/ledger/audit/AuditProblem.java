package io.drover.ledger.audit;

/**
 * The first thing an audit found wrong, with where it is: an entry, a signed head, or a range of entries that only a
 * signed head shows were rewritten. {@link #message()} is a sentence that starts with that place.
 */
public sealed interface AuditProblem {
    String message();

    /** Entry {@code index} is not what the log committed to: altered, missing, inserted, moved or unverifiable. */
    record BadEntry(long index, String detail) implements AuditProblem {
        @Override
        public String message() {
            return "entry " + index + ": " + detail;
        }
    }

    /** The head of {@code size} entries is not evidence of this log: unsigned, out of order, beyond it, or missing. */
    record BadHead(long size, String detail) implements AuditProblem {
        @Override
        public String message() {
            return "head of size " + size + ": " + detail;
        }
    }

    /**
     * Entries {@code from..to} (inclusive) are not the ones the head of {@code headSize} entries signed, though each
     * states the right position and previous hash: they were rewritten consistently, which only a signed head shows.
     * Entries before {@code from} match an earlier signed head (or {@code from} is 0).
     */
    record RewrittenRange(long from, long to, long headSize) implements AuditProblem {
        @Override
        public String message() {
            return "entries " + from + ".." + to + " (first head that fails: size " + headSize
                    + "): not the entries that head signed, its root does not match them";
        }
    }

    /** Entries {@code from..to} (inclusive) are covered by no signed head: nothing the ledger key signed vouches for them. */
    record UnsignedRange(long from, long to) implements AuditProblem {
        @Override
        public String message() {
            return "entries " + from + ".." + to + ": no signed head covers them (the last head has size " + from + ")";
        }
    }
}
