package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The rollout history, written in the transaction of the change it records, and recorded in the ledger with it: the
 * history is for reading, the ledger for proving.
 */
final class RolloutEvents {
    /** The actor of changes the rollout controller decides by itself. */
    static final String CONTROLLER = "drover";

    private final Ledger ledger;

    RolloutEvents(Ledger ledger) {
        this.ledger = ledger;
    }

    /** A new rollout, with its definition as given, in the ledger. */
    void created(Handle h, long rolloutId, long releaseId, Instant at, String actor, String detail,
            Map<String, Object> definition) {
        insert(h, rolloutId, at, actor, "created", detail);
        ledger.record(h, new LedgerRecord(EntryKind.ROLLOUT_CREATED, actor, null, releaseId, rolloutId, definition));
    }

    /** A change of {@code rollout}: {@code action} says which, {@code detail} why or how (may be null). */
    void changed(Handle h, StoredRollout rollout, Instant at, String actor, String action, String detail) {
        insert(h, rollout.id(), at, actor, action, detail);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("action", action);
        details.put("detail", detail);
        ledger.record(h, new LedgerRecord(EntryKind.ROLLOUT_CHANGED, actor, null, rollout.releaseId(), rollout.id(),
                details));
    }

    /** The approval of {@code rollout} by {@code actor} (the two-person rule), with what follows and why. */
    void approved(Handle h, StoredRollout rollout, Instant at, String actor, String detail) {
        insert(h, rollout.id(), at, actor, "approved", detail);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("detail", detail);
        ledger.record(h, new LedgerRecord(EntryKind.ROLLOUT_APPROVED, actor, null, rollout.releaseId(), rollout.id(),
                details));
    }

    private static void insert(Handle h, long rolloutId, Instant at, String actor, String action, String detail) {
        h.createUpdate("INSERT INTO rollout_event (rollout_id, created_at, actor, action, detail) "
                        + "VALUES (:ro, :at, :actor, :action, :detail)")
                .bind("ro", rolloutId).bind("at", timestamp(at)).bind("actor", actor).bind("action", action)
                .bind("detail", detail).execute();
    }

    static List<RolloutEvent> list(Handle h, long rolloutId) {
        return h.createQuery("SELECT * FROM rollout_event WHERE rollout_id = :ro ORDER BY id")
                .bind("ro", rolloutId)
                .map((rs, ctx) -> new RolloutEvent(rs.getLong("id"), instant(rs, "created_at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("detail")))
                .list();
    }
}
