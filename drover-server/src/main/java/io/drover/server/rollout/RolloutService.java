package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.error.DroverException;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.FleetService;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseService;
import java.time.Clock;
import io.drover.server.store.Page;
import io.drover.suit.ArtifactAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Rollouts and what they ask of each device. Starting a rollout writes one row whatever the fleet size; a device learns of
 * it at its next check-in, and its own row appears when it first reports.
 */
public final class RolloutService {
    private final Jdbi jdbi;
    private final ReleaseService releases;
    private final FleetService fleet;
    private final Clock clock;
    /** Releases never change once stored, so their artifact lists are cached for the check-in hot path. */
    private final Map<Long, Release> releaseCache = new ConcurrentHashMap<>();

    public RolloutService(Jdbi jdbi, ReleaseService releases, FleetService fleet, Clock clock) {
        this.jdbi = jdbi;
        this.releases = releases;
        this.fleet = fleet;
        this.clock = clock;
    }

    public Rollout start(NewRollout request) {
        Release release = releases.release(request.releaseId());
        long id = jdbi.inTransaction(h -> {
            long classId = fleet.deviceClass(h, release.className()).id();
            return h.createUpdate("INSERT INTO rollout (release_id, device_class_id, status, created_at) VALUES (:rel, :cls, :st, :now)")
                    .bind("rel", release.id()).bind("cls", classId).bind("st", RolloutStatus.RUNNING.name())
                    .bind("now", timestamp(clock.instant()))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        });
        return rollout(id);
    }

    public Rollout rollout(long id) {
        return jdbi.withHandle(h -> {
            Map<ReportStatus, Long> reports = new EnumMap<>(ReportStatus.class);
            h.createQuery("SELECT status, COUNT(*) AS n FROM device_rollout WHERE rollout_id = :id GROUP BY status")
                    .bind("id", id)
                    .map((rs, ctx) -> Map.entry(ReportStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                    .forEach(e -> reports.put(e.getKey(), e.getValue()));
            return h.createQuery("SELECT r.*, c.name AS class_name, "
                            + "(SELECT COUNT(*) FROM device d WHERE d.device_class_id = r.device_class_id) AS devices "
                            + "FROM rollout r JOIN device_class c ON c.id = r.device_class_id WHERE r.id = :id")
                    .bind("id", id)
                    .map((rs, ctx) -> new Rollout(rs.getLong("id"), rs.getLong("release_id"), rs.getString("class_name"),
                            RolloutStatus.valueOf(rs.getString("status")), rs.getLong("devices"), reports,
                            instant(rs, "created_at")))
                    .findOne()
                    .orElseThrow(() -> new DroverException(RolloutErrors.NOT_FOUND, "no rollout with id " + id));
        });
    }

    public Rollout stop(long id) {
        int changed = jdbi.withHandle(h -> h.createUpdate("UPDATE rollout SET status = :st WHERE id = :id")
                .bind("st", RolloutStatus.STOPPED.name()).bind("id", id).execute());
        if (changed == 0) {
            throw new DroverException(RolloutErrors.NOT_FOUND, "no rollout with id " + id);
        }
        return rollout(id);
    }

    /** The devices that reported on a rollout, in id order, with their latest status and reason. */
    public List<DeviceRolloutReport> deviceReports(long rolloutId, Page page) {
        rollout(rolloutId);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM device_rollout WHERE rollout_id = :id AND device_id > :after "
                        + "ORDER BY device_id LIMIT :limit")
                .bind("id", rolloutId).bind("after", page.after()).bind("limit", page.limit())
                .map((rs, ctx) -> new DeviceRolloutReport(rs.getString("device_id"), ReportStatus.valueOf(rs.getString("status")),
                        rs.getString("reason"), instant(rs, "updated_at")))
                .list());
    }

    /**
     * What {@code device} should install now: the newest running rollout of its class whose release is above what the
     * device installed and which the device has not already failed.
     */
    public Optional<Assignment> assignmentFor(AuthenticatedDevice device) {
        return jdbi.withHandle(h -> h.createQuery("SELECT r.id AS rollout_id, r.release_id FROM rollout r "
                        + "JOIN release rel ON rel.id = r.release_id "
                        + "WHERE r.device_class_id = :cls AND r.status = 'RUNNING' AND rel.sequence_number > :installed "
                        + "AND NOT EXISTS (SELECT 1 FROM device_rollout dr WHERE dr.rollout_id = r.id "
                        + "AND dr.device_id = :dev AND dr.status = 'FAILURE') "
                        + "ORDER BY rel.sequence_number DESC, r.id DESC LIMIT 1")
                .bind("cls", device.classDbId()).bind("installed", device.installedSequence()).bind("dev", device.id())
                .map((rs, ctx) -> assignment(rs.getLong("rollout_id"), rs.getLong("release_id")))
                .findOne());
    }

    private Assignment assignment(long rolloutId, long releaseId) {
        Release release = releaseCache.computeIfAbsent(releaseId, releases::release);
        return new Assignment(rolloutId, releaseId, release.sequenceNumber(), "/device/v1/releases/" + releaseId + "/envelope",
                release.components().stream()
                        .map(c -> new Assignment.AssignedArtifact(c.component(), c.sha256(), c.size(), new ArtifactAddress(c.sha256()).uri()))
                        .toList());
    }

    /** Records a device's report; a final report also records what the device now runs. */
    public void report(AuthenticatedDevice device, DeviceReport report) {
        jdbi.useTransaction(h -> {
            long releaseId = h.createQuery("SELECT release_id FROM rollout WHERE id = :id AND device_class_id = :cls")
                    .bind("id", report.rolloutId()).bind("cls", device.classDbId()).mapTo(Long.class).findOne()
                    .orElseThrow(() -> new DroverException(RolloutErrors.NOT_IN_ROLLOUT, "device '" + device.id()
                            + "' is not part of rollout " + report.rolloutId()));
            upsertDeviceRollout(h, device.id(), report);
            switch (report.status()) {
                case SUCCESS -> fleet.recordInventory(h, device.id(), report.inventory(),
                        releaseCache.computeIfAbsent(releaseId, releases::release).sequenceNumber());
                case FAILURE -> fleet.recordInventory(h, device.id(), report.inventory());
                case WAITING, DOWNLOADING, RETRYING, INSTALLING -> { }
            }
        });
    }

    /** A final status is replaced only by another final one (a device repeating a report the server missed). */
    private void upsertDeviceRollout(Handle h, String deviceId, DeviceReport report) {
        Optional<ReportStatus> current = h.createQuery("SELECT status FROM device_rollout WHERE device_id = :dev AND rollout_id = :ro")
                .bind("dev", deviceId).bind("ro", report.rolloutId()).mapTo(String.class).findOne().map(ReportStatus::valueOf);
        if (current.isPresent() && current.get().isFinal() && !report.status().isFinal()) {
            throw new DroverException(RolloutErrors.ALREADY_FINAL, "device '" + deviceId + "' already reported "
                    + current.get() + " for rollout " + report.rolloutId() + "; a " + report.status() + " report cannot follow");
        }
        if (current.isPresent()) {
            h.createUpdate("UPDATE device_rollout SET status = :st, reason = :reason, updated_at = :now "
                            + "WHERE device_id = :dev AND rollout_id = :ro")
                    .bind("st", report.status().name()).bind("reason", report.reason()).bind("now", timestamp(clock.instant()))
                    .bind("dev", deviceId).bind("ro", report.rolloutId()).execute();
        } else {
            h.createUpdate("INSERT INTO device_rollout (device_id, rollout_id, status, reason, updated_at) "
                            + "VALUES (:dev, :ro, :st, :reason, :now)")
                    .bind("st", report.status().name()).bind("reason", report.reason()).bind("now", timestamp(clock.instant()))
                    .bind("dev", deviceId).bind("ro", report.rolloutId()).execute();
        }
    }
}
