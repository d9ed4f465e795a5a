package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.server.store.JsonColumn;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Rehearsal results as stored, each with the server's verdict, written in the transaction that judged it. */
final class Rehearsals {
    private Rehearsals() {}

    static void record(Handle h, long rolloutId, RecordedRehearsal rehearsal) {
        h.createUpdate("INSERT INTO rollout_rehearsal (rollout_id, recorded_at, actor, passed, verdict, result) "
                        + "VALUES (:ro, :at, :actor, :passed, :verdict, :result)")
                .bind("ro", rolloutId).bind("at", timestamp(rehearsal.at())).bind("actor", rehearsal.actor())
                .bind("passed", rehearsal.verdict().passed()).bind("verdict", rehearsal.verdict().reason())
                .bind("result", JsonColumn.write(rehearsal.result())).execute();
    }

    static Optional<RecordedRehearsal> latest(Handle h, long rolloutId) {
        return h.createQuery("SELECT * FROM rollout_rehearsal WHERE rollout_id = :ro ORDER BY id DESC")
                .bind("ro", rolloutId).setMaxRows(1)
                .map((rs, ctx) -> new RecordedRehearsal(instant(rs, "recorded_at"), rs.getString("actor"),
                        new RehearsalVerdict(rs.getBoolean("passed"), rs.getString("verdict")),
                        JsonColumn.read(rs.getString("result"), RehearsalResult.class)))
                .findFirst();
    }
}
