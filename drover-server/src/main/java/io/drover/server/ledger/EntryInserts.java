package io.drover.server.ledger;

import static io.drover.server.store.Rows.timestamp;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** New ledger entries as one batch of INSERTs: for the stores that have no COPY (H2). */
final class EntryInserts implements EntryWriter {
    private final PreparedBatch insert;

    EntryInserts(Handle h) {
        insert = h.prepareBatch("INSERT INTO ledger_entry "
                + "(seq, body, leaf_hash, completed, kind, subject, release_id, rollout_id, recorded_at) "
                + "VALUES (:seq, :body, :leaf, :completed, :kind, :subject, :release, :rollout, :at)");
    }

    @Override
    public void write(NewEntry e) {
        insert.bind("seq", e.seq()).bind("body", e.body()).bind("leaf", e.leafHash())
                .bind("completed", e.completed()).bind("kind", e.kind()).bind("subject", e.subject())
                .bind("release", e.releaseId()).bind("rollout", e.rolloutId())
                .bind("at", timestamp(e.recordedAt())).add();
    }

    @Override
    public void finish() {
        if (insert.size() > 0) {
            insert.execute();
        }
    }

    @Override
    public void abandon() {
        // nothing was sent: the batch is dropped with the handle
    }
}
