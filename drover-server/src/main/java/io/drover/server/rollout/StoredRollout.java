package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.safety.RolloutSafety;
import io.drover.server.rollout.targeting.DeviceFilter;
import io.drover.server.rollout.wave.WavePlan;
import io.drover.server.store.JsonColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * A rollout row as stored, with the reads and the one guarded write every change goes through. It carries the
 * revision of its class's compatibility policy (0: none), read in the same query, so a check-in learns that the
 * class has no policy without asking.
 */
record StoredRollout(long id, long releaseId, long releaseSequence, long classDbId, String className,
        RolloutStatus status, String statusReason, Optional<DeviceFilter> filter, WavePlan plan, int priority,
        int currentWave, Instant waveStartedAt, long revision, Instant createdAt, long policyRevision,
        Optional<RolloutSafety> safety) {

    private static final String SELECT = "SELECT r.*, rel.sequence_number, c.name AS class_name, "
            + "COALESCE(cc.revision, 0) AS policy_revision FROM rollout r "
            + "JOIN release rel ON rel.id = r.release_id JOIN device_class c ON c.id = r.device_class_id "
            + "LEFT JOIN class_compatibility cc ON cc.device_class_id = r.device_class_id ";

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

    /**
     * Rollouts of a class that assign their release, above {@code installedSequence}: running ones, and completed
     * ones, which keep reaching devices that check in late.
     */
    static List<StoredRollout> assigningAbove(Handle h, long classDbId, long installedSequence) {
        return h.createQuery(SELECT + "WHERE r.device_class_id = :cls AND r.status IN ('RUNNING', 'COMPLETED') "
                        + "AND rel.sequence_number > :installed ORDER BY r.id")
                .bind("cls", classDbId).bind("installed", installedSequence)
                .map((rs, ctx) -> of(rs)).list();
    }

    /** Rollouts of a class that deliver their release now or may again: all but the cancelled ones. */
    static List<StoredRollout> live(Handle h, long classDbId) {
        return h.createQuery(SELECT + "WHERE r.device_class_id = :cls AND r.status <> 'CANCELLED' ORDER BY r.id")
                .bind("cls", classDbId).map((rs, ctx) -> of(rs)).list();
    }

    /**
     * Applies a change decided on this row's revision; false when another node or operator changed the rollout
     * first (the caller re-reads and decides again).
     */
    boolean change(Handle h, RolloutStatus newStatus, String reason, int wave, Instant waveStart) {
        return h.createUpdate("UPDATE rollout SET status = :st, status_reason = :reason, current_wave = :wave, "
                        + "wave_started_at = :started, revision = revision + 1 WHERE id = :id AND revision = :rev")
                .bind("st", newStatus.name()).bind("reason", reason).bind("wave", wave)
                .bind("started", timestamp(waveStart)).bind("id", id).bind("rev", revision)
                .execute() == 1;
    }

    private static StoredRollout of(ResultSet rs) throws SQLException {
        String filter = rs.getString("target_filter");
        String plan = rs.getString("wave_plan");
        return new StoredRollout(rs.getLong("id"), rs.getLong("release_id"), rs.getLong("sequence_number"),
                rs.getLong("device_class_id"), rs.getString("class_name"), RolloutStatus.valueOf(rs.getString("status")),
                rs.getString("status_reason"), Optional.ofNullable(filter).map(DeviceFilter::parse),
                plan == null ? WavePlan.everyoneAtOnce() : JsonColumn.read(plan, WavePlan.class), rs.getInt("priority"),
                rs.getInt("current_wave"), instant(rs, "wave_started_at"), rs.getLong("revision"),
                instant(rs, "created_at"), rs.getLong("policy_revision"),
                Optional.ofNullable(rs.getString("safety")).map(json -> JsonColumn.read(json, RolloutSafety.class)));
    }
}
