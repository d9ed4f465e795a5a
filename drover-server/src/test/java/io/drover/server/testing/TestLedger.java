package io.drover.server.testing;

import io.drover.ledger.SignedTreeHead;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.LedgerRecord;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Writes into a {@link TestServer}'s ledger: honest appends through the server's own ledger, and the rewrite of its
 * history that a dishonest server would make to show different devices different logs.
 */
public final class TestLedger {
    private final TestServer server;

    public TestLedger(TestServer server) {
        this.server = server;
    }

    /** Appends {@code count} entries made by {@code actor} and answers the head that covers them. */
    public SignedTreeHead append(String actor, int count) {
        server.jdbi().useTransaction(h -> record(h, actor, count));
        return server.ledger().latestHead();
    }

    /**
     * Forgets every entry from position {@code keep} on, and the heads over them, and appends {@code count} other
     * entries made by {@code actor}, in one transaction: the server's key signs the heads of the new history, which
     * are valid yet do not extend the heads signed before. Answers the new latest head.
     */
    public SignedTreeHead fork(long keep, String actor, int count) {
        server.jdbi().useTransaction(h -> {
            // Under the sequencer's lock, so that no batch lands between the deletes and the new size.
            h.createQuery("SELECT size FROM ledger_state WHERE id = 1 FOR UPDATE").mapTo(Long.class).one();
            h.createUpdate("DELETE FROM ledger_entry WHERE seq >= :keep").bind("keep", keep).execute();
            h.createUpdate("DELETE FROM ledger_head WHERE size > :keep").bind("keep", keep).execute();
            h.createUpdate("UPDATE ledger_state SET size = :keep WHERE id = 1").bind("keep", keep).execute();
            record(h, actor, count);
        });
        return server.ledger().latestHead();
    }

    private void record(Handle h, String actor, int count) {
        for (int i = 0; i < count; i++) {
            server.ledger().record(h, new LedgerRecord(EntryKind.ROLLOUT_CHANGED, actor, null, 1L, 1L,
                    Map.of("action", "step " + i)));
        }
    }
}
