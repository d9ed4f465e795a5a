package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** The rollout history, written in the transaction of the change it records. */
final class RolloutEvents {
    /** The actor of changes the rollout controller decides by itself. */
    static final String CONTROLLER = "drover";

    private RolloutEvents() {}

    static void record(Handle h, long rolloutId, Instant at, String actor, String action, String detail) {
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
