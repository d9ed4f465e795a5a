package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.server.store.NewestFirst;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The append-only log of every status each device reached on each rollout: {@link DeviceRollouts} keeps only the
 * latest, for check-ins; this keeps the transitions, for the device's history. Appended in the transaction that
 * writes the latest, never changed afterwards.
 */
final class DeviceReports {
    private DeviceReports() {}

    static void append(Handle h, String deviceId, long rolloutId, int wave, DeviceRollouts.Change change, Instant now) {
        h.createUpdate("INSERT INTO device_report (device_id, rollout_id, release_id, wave, status, reason, "
                        + "signature_verified, recorded_at) "
                        + "VALUES (:dev, :ro, :rel, :wave, :st, :reason, :verified, :now)")
                .bind("dev", deviceId).bind("ro", rolloutId).bind("rel", change.releaseId()).bind("wave", wave)
                .bind("st", change.status().name()).bind("reason", change.reason()).bind("verified", change.verified())
                .bind("now", timestamp(now))
                .execute();
    }

    /** One page of a device's history across rollouts, newest first. */
    static List<DeviceHistoryEntry> history(Handle h, String deviceId, NewestFirst page) {
        return h.createQuery("SELECT d.*, rel.sequence_number FROM device_report d "
                        + "JOIN release rel ON rel.id = d.release_id "
                        + "WHERE d.device_id = :dev AND d.id < :before ORDER BY d.id DESC LIMIT :limit")
                .bind("dev", deviceId).bind("before", page.upperBound()).bind("limit", page.limit())
                .map((rs, ctx) -> new DeviceHistoryEntry(rs.getLong("id"), rs.getLong("rollout_id"),
                        rs.getLong("release_id"), rs.getLong("sequence_number"), rs.getInt("wave") + 1,
                        ReportStatus.valueOf(rs.getString("status")), rs.getString("reason"),
                        rs.getBoolean("signature_verified"), instant(rs, "recorded_at")))
                .list();
    }
}
