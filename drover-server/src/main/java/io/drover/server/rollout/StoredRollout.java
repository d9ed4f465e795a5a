package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.optionalInstant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.safety.RolloutSafety;
import io.drover.server.rollout.targeting.DeviceFilter;
import io.drover.server.rollout.wave.WavePlan;
import io.drover.server.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A rollout row as stored, with the reads and the one guarded write every change goes through. It carries the
 * revision of its class's compatibility policy (0: none), read in the same query, so a check-in learns that the
 * class has no policy without asking, and since when its updated devices are told to roll back (empty: they are not).
 * {@code createdBy} is null for rollouts created before users existed.
 */
record StoredRollout(long id, long releaseId, long releaseSequence, long classDbId, String className,
        RolloutStatus status, String statusReason, Optional<DeviceFilter> filter, WavePlan plan, int priority,
        int currentWave, Instant waveStartedAt, long revision, Instant createdAt, long policyRevision,
        Optional<Instant> rollbackOrderedAt, Optional<RehearsalRequirement> rehearsal, Optional<RolloutSafety> safety,
        String createdBy, Optional<Approval> approval) {

    /** The columns {@link #of(ResultSet, RolloutDefinition)} reads, and the joins they come from. */
    static final String COLUMNS = "r.*, rel.sequence_number, c.name AS class_name, "
            + "COALESCE(cc.revision, 0) AS policy_revision";
    static final String JOINS = "FROM rollout r JOIN release rel ON rel.id = r.release_id "
            + "JOIN device_class c ON c.id = r.device_class_id "
            + "LEFT JOIN class_compatibility cc ON cc.device_class_id = r.device_class_id ";
    private static final String SELECT = "SELECT " + COLUMNS + " " + JOINS;

    static Optional<StoredRollout> find(Handle h, long id) {
        return h.createQuery(SELECT + "WHERE r.id = :id").bind("id", id).map((rs, ctx) -> of(rs)).findOne();
    }

    /** Reads the row and locks it until the transaction ends: one judge at a time, across server nodes. */
    static StoredRollout lock(Handle h, long id) {
        h.createQuery("SELECT id FROM rollout WHERE id = :id FOR UPDATE").bind("id", id).mapTo(Long.class).one();
        return find(h, id).orElseThrow();
    }

    static List<StoredRollout> running(Handle h) {
        return h.createQuery(SELECT + "WHERE r.status = 'RUNNING' ORDER BY r.id").map((rs, ctx) -> of(rs)).list();
    }

    /** Rollouts of a class that deliver their release now or may again: all but the cancelled ones. */
    static List<StoredRollout> live(Handle h, long classDbId) {
        return h.createQuery(SELECT + "WHERE r.device_class_id = :cls AND r.status <> 'CANCELLED' ORDER BY r.id")
                .bind("cls", classDbId).map((rs, ctx) -> of(rs)).list();
    }

    /**
     * Applies a change decided on this row's revision; false when another node or operator changed the rollout
     * first (the caller re-reads and decides again). A rollout that runs again orders no rollback any more: its
     * release is delivered, not withdrawn.
     */
    boolean change(Handle h, RolloutStatus newStatus, String reason, int wave, Instant waveStart) {
        return h.createUpdate("UPDATE rollout SET status = :st, status_reason = :reason, current_wave = :wave, "
                        + "wave_started_at = :started, rollback_ordered_at = :rollback, revision = revision + 1 "
                        + "WHERE id = :id AND revision = :rev")
                .bind("st", newStatus.name()).bind("reason", reason).bind("wave", wave)
                .bind("started", timestamp(waveStart))
                .bind("rollback", rollbackOrderedAt.filter(at -> newStatus != RolloutStatus.RUNNING)
                        .map(Rows::timestamp).orElse(null))
                .bind("id", id).bind("rev", revision)
                .execute() == 1;
    }

    /**
     * Tells the devices that installed the release to roll back, from now on; called in the transaction that halted
     * the rollout, under its row lock.
     */
    void orderRollback(Handle h, Instant now) {
        h.createUpdate("UPDATE rollout SET rollback_ordered_at = :now WHERE id = :id")
                .bind("now", timestamp(now)).bind("id", id).execute();
    }

    /** Records who approved the rollout, in the transaction that moved it on from AWAITING_APPROVAL. */
    void recordApproval(Handle h, String approvedBy, Instant at) {
        h.createUpdate("UPDATE rollout SET approved_by = :by, approved_at = :at WHERE id = :id")
                .bind("by", approvedBy).bind("at", timestamp(at)).bind("id", id).execute();
    }

    private static StoredRollout of(ResultSet rs) throws SQLException {
        return of(rs, RolloutDefinition.parse(rs));
    }

    /**
     * The rollout in the current row of a query over {@link #COLUMNS} and {@link #JOINS}, with its definition already
     * known.
     */
    static StoredRollout of(ResultSet rs, RolloutDefinition definition) throws SQLException {
        return new StoredRollout(rs.getLong("id"), rs.getLong("release_id"), rs.getLong("sequence_number"),
                rs.getLong("device_class_id"), rs.getString("class_name"), RolloutStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"), definition.filter(), definition.plan(), rs.getInt("priority"),
                rs.getInt("current_wave"), instant(rs, "wave_started_at"), rs.getLong("revision"),
                instant(rs, "created_at"), rs.getLong("policy_revision"), optionalInstant(rs, "rollback_ordered_at"),
                definition.rehearsal(), definition.safety(), rs.getString("created_by"),
                Approval.of(rs.getString("approval_components"), rs.getString("approved_by"),
                        optionalInstant(rs, "approved_at").orElse(null)));
    }
}
