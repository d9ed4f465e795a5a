package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.server.store.Page;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/**
 * Each device's standing in each rollout it took part in (one row, written when it first reports or is judged
 * incompatible), and the per-wave counters that move with it in the same transaction.
 */
final class DeviceRollouts {
    /** What a {@link Row} holds: not the signed report, which a check-in has no use for. */
    private static final String ROW_COLUMNS =
            "dr.rollout_id, dr.wave, dr.status, dr.release_id, dr.judged_revision, dr.judged_sequence, "
                    + "dr.previous_sequence";

    /** {@link #ROW_COLUMNS} named {@code dr_…}, for a query that joins the row to its rollout's columns. */
    static final String PREFIXED_COLUMNS = "dr.rollout_id AS dr_rollout_id, dr.wave AS dr_wave, dr.status AS dr_status, "
            + "dr.release_id AS dr_release_id, dr.judged_revision AS dr_judged_revision, "
            + "dr.judged_sequence AS dr_judged_sequence, dr.previous_sequence AS dr_previous_sequence";

    private DeviceRollouts() {}

    /**
     * A device's row on one rollout: its wave, status and the release the status is about; for an INCOMPATIBLE
     * device, the policy revision and installed sequence number it was judged on; for a SUCCESS (and the ROLLED_BACK
     * after it), the sequence number the device ran before, null when not recorded.
     */
    record Row(long rolloutId, int wave, ReportStatus status, long releaseId, Long judgedRevision, Long judgedSequence,
            Long previousSequence) {
        /** Whether an INCOMPATIBLE judgment was made on this policy revision for a device that runs this release. */
        boolean incompatibleAsOf(long policyRevision, long installedSequence) {
            return status == ReportStatus.INCOMPATIBLE && judgedRevision != null && judgedRevision == policyRevision
                    && judgedSequence != null && judgedSequence == installedSequence;
        }
    }

    /** What to write into a device's row. */
    record Change(ReportStatus status, long releaseId, String reason, byte[] signedReport, boolean verified,
            Long judgedRevision, Long judgedSequence, Long previousSequence) {
        static Change incompatible(long releaseId, String reason, long policyRevision, long installedSequence) {
            return new Change(ReportStatus.INCOMPATIBLE, releaseId, reason, null, false, policyRevision,
                    installedSequence, null);
        }
    }

    static Optional<Row> find(Handle h, String deviceId, long rolloutId) {
        return h.createQuery("SELECT " + ROW_COLUMNS + " FROM device_rollout dr WHERE dr.device_id = :dev "
                        + "AND dr.rollout_id = :ro")
                .bind("dev", deviceId).bind("ro", rolloutId)
                .map((rs, ctx) -> row(rs)).findOne();
    }

    /**
     * Writes {@code change} over the device's {@code current} row, or as its first row in {@code wave}, moves the
     * wave's counters alike, and appends it to the device's history ({@link DeviceReports}).
     */
    static void write(Handle h, String deviceId, long rolloutId, Optional<Row> current, int wave, Change change,
            Instant now) {
        if (current.isPresent()) {
            bind(h.createUpdate("UPDATE device_rollout SET status = :st, release_id = :rel, reason = :reason, "
                    + "updated_at = :now, signed_report = :signed, signature_verified = :verified, "
                    + "judged_revision = :jrev, judged_sequence = :jseq, previous_sequence = :prev "
                    + "WHERE device_id = :dev AND rollout_id = :ro"),
                    deviceId, rolloutId, change, now).execute();
            WaveCounters.move(h, rolloutId, current.get().wave(), Optional.of(current.get().status()), change.status());
        } else {
            bind(h.createUpdate("INSERT INTO device_rollout (device_id, rollout_id, wave, status, release_id, reason, "
                    + "updated_at, signed_report, signature_verified, judged_revision, judged_sequence, "
                    + "previous_sequence) "
                    + "VALUES (:dev, :ro, :wave, :st, :rel, :reason, :now, :signed, :verified, :jrev, :jseq, :prev)"),
                    deviceId, rolloutId, change, now).bind("wave", wave).execute();
            WaveCounters.move(h, rolloutId, wave, Optional.empty(), change.status());
        }
        DeviceReports.append(h, deviceId, rolloutId, current.map(Row::wave).orElse(wave), change, now);
    }

    /** Forgets the device's row, which makes it pending again in its wave. */
    static void remove(Handle h, String deviceId, Row row) {
        h.createUpdate("DELETE FROM device_rollout WHERE device_id = :dev AND rollout_id = :ro")
                .bind("dev", deviceId).bind("ro", row.rolloutId()).execute();
        WaveCounters.remove(h, row.rolloutId(), row.wave(), row.status());
    }

    /** One page of a rollout's devices in id order, with their latest status. */
    static List<DeviceRolloutReport> page(Handle h, long rolloutId, Page page) {
        return h.createQuery("SELECT * FROM device_rollout WHERE rollout_id = :id AND device_id > :after "
                        + "ORDER BY device_id LIMIT :limit")
                .bind("id", rolloutId).bind("after", page.after()).bind("limit", page.limit())
                .map((rs, ctx) -> new DeviceRolloutReport(rs.getString("device_id"), rs.getInt("wave") + 1,
                        ReportStatus.valueOf(rs.getString("status")), rs.getLong("release_id"), rs.getString("reason"),
                        instant(rs, "updated_at"), base64(rs.getBytes("signed_report")),
                        rs.getBoolean("signature_verified")))
                .list();
    }

    private static Update bind(Update update, String deviceId, long rolloutId, Change change, Instant now) {
        return update.bind("dev", deviceId).bind("ro", rolloutId).bind("st", change.status().name())
                .bind("rel", change.releaseId()).bind("reason", change.reason()).bind("now", timestamp(now))
                .bind("signed", change.signedReport()).bind("verified", change.verified())
                .bind("jrev", change.judgedRevision()).bind("jseq", change.judgedSequence())
                .bind("prev", change.previousSequence());
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return row(rs, "").orElseThrow();
    }

    /** The row in columns named with {@code prefix} (as {@link #PREFIXED_COLUMNS} names them); empty when null. */
    static Optional<Row> row(java.sql.ResultSet rs, String prefix) throws java.sql.SQLException {
        String status = rs.getString(prefix + "status");
        if (status == null) {
            return Optional.empty();
        }
        return Optional.of(new Row(rs.getLong(prefix + "rollout_id"), rs.getInt(prefix + "wave"),
                ReportStatus.valueOf(status), rs.getLong(prefix + "release_id"),
                rs.getObject(prefix + "judged_revision", Long.class), rs.getObject(prefix + "judged_sequence", Long.class),
                rs.getObject(prefix + "previous_sequence", Long.class)));
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
