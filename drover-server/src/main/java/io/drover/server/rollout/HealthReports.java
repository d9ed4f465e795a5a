package io.drover.server.rollout;

import static io.drover.server.store.Rows.timestamp;

import io.drover.server.rollout.wave.HealthSample;
import java.time.Clock;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Devices' health reports, and the samples health gates compare: a wave's updated devices that reported since they
 * installed, against the class's devices below the release that reported since the wave started.
 */
public final class HealthReports {
    private final Jdbi jdbi;
    private final Clock clock;

    public HealthReports(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Keeps when the device last reported, and when and what its last trouble was. */
    public void record(String deviceId, DeviceHealth report) {
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("UPDATE device_health SET reported_at = :now"
                            + (report.healthy() ? "" : ", last_trouble_at = :now, trouble = :trouble")
                            + " WHERE device_id = :dev")
                    .bind("now", timestamp(now)).bind("trouble", report.trouble()).bind("dev", deviceId).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO device_health (device_id, reported_at, last_trouble_at, trouble) "
                                + "VALUES (:dev, :now, :troubleAt, :trouble)")
                        .bind("dev", deviceId).bind("now", timestamp(now))
                        .bind("troubleAt", report.healthy() ? null : timestamp(now))
                        .bind("trouble", report.healthy() ? null : report.trouble()).execute();
            }
        });
    }

    /** The wave's devices that installed the release and reported health after that, and how many had trouble. */
    HealthSample updated(Handle h, StoredRollout rollout) {
        return h.createQuery("SELECT COUNT(*) AS devices, "
                        + "COALESCE(SUM(CASE WHEN dh.last_trouble_at >= dr.updated_at THEN 1 ELSE 0 END), 0) AS troubled "
                        + "FROM device_rollout dr JOIN device_health dh ON dh.device_id = dr.device_id "
                        + "WHERE dr.rollout_id = :ro AND dr.wave = :wave AND dr.status = 'SUCCESS' "
                        + "AND dh.reported_at >= dr.updated_at")
                .bind("ro", rollout.id()).bind("wave", rollout.currentWave())
                .map((rs, ctx) -> new HealthSample(rs.getLong("devices"), rs.getLong("troubled")))
                .one();
    }

    /** The class's devices still below the release that reported health since the wave started. */
    HealthSample baseline(Handle h, StoredRollout rollout) {
        return h.createQuery("SELECT COUNT(*) AS devices, "
                        + "COALESCE(SUM(CASE WHEN dh.last_trouble_at >= :since THEN 1 ELSE 0 END), 0) AS troubled "
                        + "FROM device d JOIN device_health dh ON dh.device_id = d.id "
                        + "WHERE d.device_class_id = :cls AND d.installed_sequence < :seq AND d.revoked = FALSE "
                        + "AND dh.reported_at >= :since")
                .bind("since", timestamp(rollout.waveStartedAt())).bind("cls", rollout.classDbId())
                .bind("seq", rollout.releaseSequence())
                .map((rs, ctx) -> new HealthSample(rs.getLong("devices"), rs.getLong("troubled")))
                .one();
    }
}
