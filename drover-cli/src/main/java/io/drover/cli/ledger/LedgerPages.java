package io.drover.cli.ledger;

import io.drover.cli.api.ManagementClient;
import io.drover.ledger.audit.HeadLines;
import io.drover.ledger.audit.JsonLines;
import java.io.ByteArrayInputStream;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;

/**
 * The ledger of a running server read page by page, one page of JSON lines in memory at a time, up to a size fixed
 * in advance (the latest head's when the reading began): entries and heads added meanwhile are left out, so what is
 * read is one snapshot.
 */
final class LedgerPages implements Iterator<byte[]> {
    /** The most the server answers per page. */
    static final int PAGE = 10_000;

    /** Where a line stands: an entry's position, or a head's size. */
    private interface Position {
        long of(byte[] line, long next);
    }

    private final LongFunction<byte[]> page;
    private final Position positionOf;
    private final long end;
    private long next;
    private Iterator<byte[]> lines = Collections.emptyIterator();
    private byte[] peeked;
    private boolean done;

    private LedgerPages(LongFunction<byte[]> page, Position positionOf, long end) {
        this.page = page;
        this.positionOf = positionOf;
        this.end = end;
    }

    /** Entries 0 to {@code size - 1}, exactly as served. */
    static LedgerPages entries(ManagementClient server, long size) {
        return new LedgerPages(from -> server.ledgerEntries(from, PAGE), (line, next) -> next, size);
    }

    /** Signed heads of at most {@code maxSize} entries, smallest first, exactly as served. */
    static LedgerPages heads(ManagementClient server, long maxSize) {
        return new LedgerPages(from -> server.ledgerHeads(from, PAGE),
                (line, next) -> HeadLines.parse(line).head().size(), maxSize + 1);
    }

    @Override
    public boolean hasNext() {
        while (peeked == null && !done) {
            if (lines.hasNext()) {
                byte[] line = lines.next();
                long at = positionOf.of(line, next);
                done = at >= end;
                if (!done) {
                    peeked = line;
                    next = at + 1;
                }
            } else if (next >= end) {
                done = true;
            } else {
                lines = new JsonLines(new ByteArrayInputStream(page.apply(next)));
                done = !lines.hasNext();
            }
        }
        return peeked != null;
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] line = peeked;
        peeked = null;
        return line;
    }
}
