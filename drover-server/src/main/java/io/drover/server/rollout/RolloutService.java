package io.drover.server.rollout;

import static io.drover.server.store.Rows.instant;
import static io.drover.server.store.Rows.timestamp;

import io.drover.error.DroverException;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.fleet.FleetService;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseService;
import io.drover.server.store.JsonColumn;
import io.drover.server.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Rollouts: starting one (a constant number of rows whatever the fleet size), what operators do with it, how it
 * stands, and the devices' reports on it. Which devices it reaches and when is decided at their check-ins
 * ({@link AssignmentService}) and by the {@link RolloutController}.
 */
public final class RolloutService {
    private final Jdbi jdbi;
    private final ReleaseService releases;
    private final FleetService fleet;
    private final DeviceTraitsService traits;
    private final HealthReports health;
    private final ReportSignatures signatures;
    private final Clock clock;

    public RolloutService(Jdbi jdbi, ReleaseService releases, FleetService fleet, DeviceIdentityService identities,
            DeviceTraitsService traits, HealthReports health, Clock clock) {
        this.jdbi = jdbi;
        this.releases = releases;
        this.fleet = fleet;
        this.traits = traits;
        this.health = health;
        this.signatures = new ReportSignatures(identities, releases);
        this.clock = clock;
    }

    public Rollout start(NewRollout request, String actor) {
        Release release = releases.release(request.releaseId());
        long id = jdbi.inTransaction(h -> {
            long classId = fleet.deviceClass(h, release.className()).id();
            Instant now = clock.instant();
            long rolloutId = h.createUpdate("INSERT INTO rollout (release_id, device_class_id, status, created_at, "
                            + "target_filter, wave_plan, priority, current_wave, wave_started_at) "
                            + "VALUES (:rel, :cls, :st, :now, :filter, :plan, :priority, 0, :now)")
                    .bind("rel", release.id()).bind("cls", classId).bind("st", RolloutStatus.RUNNING.name())
                    .bind("now", timestamp(now)).bind("filter", request.filter())
                    .bind("plan", JsonColumn.write(request.plan())).bind("priority", request.priorityOrDefault())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            WaveCounters.create(h, rolloutId, request.plan().waves().size());
            RolloutEvents.record(h, rolloutId, now, actor, "created", "release " + release.id() + " to class "
                    + release.className() + (request.filter() == null ? "" : " where " + request.filter()) + " in "
                    + request.plan().waves().size() + " wave(s)");
            return rolloutId;
        });
        return rollout(id);
    }

    public Rollout rollout(long id) {
        return jdbi.withHandle(h -> view(h, load(h, id)));
    }

    public List<RolloutEvent> events(long id) {
        return jdbi.withHandle(h -> {
            load(h, id);
            return RolloutEvents.list(h, id);
        });
    }

    /** Stops assigning the release (devices already installing finish) until resumed. */
    public Rollout pause(long id, String actor, String reason) {
        return change(id, actor, "paused", reason, RolloutStatus.PAUSED, r -> r.status() == RolloutStatus.RUNNING);
    }

    /** Runs a paused or halted rollout again, from the wave it stopped in; that wave's soak starts afresh. */
    public Rollout resume(long id, String actor, String reason) {
        return change(id, actor, "resumed", reason, RolloutStatus.RUNNING,
                r -> r.status() == RolloutStatus.PAUSED || r.status() == RolloutStatus.HALTED);
    }

    /** Ends the rollout for good; no device is assigned its release any more. */
    public Rollout cancel(long id, String actor, String reason) {
        return change(id, actor, "cancelled", reason, RolloutStatus.CANCELLED, r -> !r.status().isFinal());
    }

    /** Starts the next wave now, whatever the current one's soak and thresholds say. */
    public Rollout promote(long id, String actor, String reason) {
        return jdbi.inTransaction(h -> {
            StoredRollout rollout = load(h, id);
            if (rollout.status() != RolloutStatus.RUNNING && rollout.status() != RolloutStatus.PAUSED) {
                throw conflict(rollout, "promoted");
            }
            if (rollout.plan().isLast(rollout.currentWave())) {
                throw new DroverException(RolloutErrors.INVALID_TRANSITION, "rollout " + id
                        + " is in its last wave; there is no wave to promote to");
            }
            Instant now = clock.instant();
            int next = rollout.currentWave() + 1;
            if (!rollout.change(h, rollout.status(), rollout.statusReason(), next, now)) {
                throw changedMeanwhile(id);
            }
            RolloutEvents.record(h, id, now, actor, "promoted", "to wave " + (next + 1) + detail(reason));
            return view(h, load(h, id));
        });
    }

    /**
     * The devices that reported on a rollout, in id order, with their wave, latest status and reason, and the
     * signed report behind a final one.
     */
    public List<DeviceRolloutReport> deviceReports(long rolloutId, Page page) {
        rollout(rolloutId);
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM device_rollout WHERE rollout_id = :id AND device_id > :after "
                        + "ORDER BY device_id LIMIT :limit")
                .bind("id", rolloutId).bind("after", page.after()).bind("limit", page.limit())
                .map((rs, ctx) -> new DeviceRolloutReport(rs.getString("device_id"), rs.getInt("wave") + 1,
                        ReportStatus.valueOf(rs.getString("status")), rs.getString("reason"), instant(rs, "updated_at"),
                        base64(rs.getBytes("signed_report")), rs.getBoolean("signature_verified")))
                .list());
    }

    /**
     * Records a device's report and moves the rollout's counters in the same transaction; a final report also records
     * what the device now runs. A final report from a device with an identity key on record must be signed with it
     * (see {@link ReportSignatures}); one that is not, or whose signature or content does not hold, is refused and
     * changes nothing. A final status is replaced only by another final one (a device repeating a report the server
     * missed).
     */
    public void report(AuthenticatedDevice device, DeviceReport report) {
        jdbi.useTransaction(h -> {
            StoredRollout rollout = StoredRollout.find(h, report.rolloutId())
                    .filter(r -> r.classDbId() == device.classDbId())
                    .orElseThrow(() -> new DroverException(RolloutErrors.NOT_IN_ROLLOUT, "device '" + device.id()
                            + "' is not part of rollout " + report.rolloutId()));
            ReportSignatures.Signature signature = signatures.check(h, device, report, rollout.releaseId());
            recordDeviceStatus(h, device.id(), rollout, report, signature);
            switch (report.status()) {
                case SUCCESS -> fleet.recordInventory(h, device.id(), report.inventory(), report.digests(),
                        rollout.releaseSequence());
                case FAILURE -> fleet.recordInventory(h, device.id(), report.inventory(), report.digests());
                case WAITING, DOWNLOADING, RETRYING, INSTALLING -> { }
            }
        });
    }

    private void recordDeviceStatus(Handle h, String deviceId, StoredRollout rollout, DeviceReport report,
            ReportSignatures.Signature signature) {
        record Current(ReportStatus status, int wave) {}
        Optional<Current> current = h.createQuery("SELECT status, wave FROM device_rollout "
                        + "WHERE device_id = :dev AND rollout_id = :ro")
                .bind("dev", deviceId).bind("ro", rollout.id())
                .map((rs, ctx) -> new Current(ReportStatus.valueOf(rs.getString("status")), rs.getInt("wave")))
                .findOne();
        if (current.isPresent() && current.get().status().isFinal() && !report.status().isFinal()) {
            throw new DroverException(RolloutErrors.ALREADY_FINAL, "device '" + deviceId + "' already reported "
                    + current.get().status() + " for rollout " + rollout.id() + "; a " + report.status()
                    + " report cannot follow");
        }
        Instant now = clock.instant();
        if (current.isPresent()) {
            h.createUpdate("UPDATE device_rollout SET status = :st, reason = :reason, updated_at = :now, "
                            + "signed_report = :signed, signature_verified = :verified "
                            + "WHERE device_id = :dev AND rollout_id = :ro")
                    .bind("st", report.status().name()).bind("reason", report.reason()).bind("now", timestamp(now))
                    .bind("signed", signature.signedReport()).bind("verified", signature.verified())
                    .bind("dev", deviceId).bind("ro", rollout.id()).execute();
            WaveCounters.move(h, rollout.id(), current.get().wave(), Optional.of(current.get().status()), report.status());
        } else {
            int wave = AssignmentService.waveOf(rollout, deviceId, () -> traits.traits(h, deviceId));
            h.createUpdate("INSERT INTO device_rollout (device_id, rollout_id, wave, status, reason, updated_at, "
                            + "signed_report, signature_verified) VALUES (:dev, :ro, :wave, :st, :reason, :now, :signed, :verified)")
                    .bind("st", report.status().name()).bind("reason", report.reason()).bind("now", timestamp(now))
                    .bind("signed", signature.signedReport()).bind("verified", signature.verified())
                    .bind("dev", deviceId).bind("ro", rollout.id()).bind("wave", wave).execute();
            WaveCounters.move(h, rollout.id(), wave, Optional.empty(), report.status());
        }
    }

    private Rollout change(long id, String actor, String action, String reason, RolloutStatus to,
            java.util.function.Predicate<StoredRollout> allowed) {
        return jdbi.inTransaction(h -> {
            StoredRollout rollout = load(h, id);
            if (!allowed.test(rollout)) {
                throw conflict(rollout, action);
            }
            Instant now = clock.instant();
            Instant waveStart = to == RolloutStatus.RUNNING ? now : rollout.waveStartedAt();
            if (!rollout.change(h, to, to == RolloutStatus.RUNNING ? null : reason, rollout.currentWave(), waveStart)) {
                throw changedMeanwhile(id);
            }
            RolloutEvents.record(h, id, now, actor, action, reason);
            return view(h, load(h, id));
        });
    }

    private Rollout view(Handle h, StoredRollout rollout) {
        Map<Integer, Long> sizes = WaveSizes.read(h, rollout.id());
        Map<Integer, Map<ReportStatus, Long>> counts = WaveCounters.read(h, rollout.id());
        Map<ReportStatus, Long> totals = new EnumMap<>(ReportStatus.class);
        List<WaveStatus> waves = new java.util.ArrayList<>();
        for (int i = 0; i < rollout.plan().waves().size(); i++) {
            Map<ReportStatus, Long> reports = new EnumMap<>(ReportStatus.class);
            counts.getOrDefault(i, Map.of()).forEach((status, n) -> {
                if (n > 0) { // a status no device is in is left out, as in the totals
                    reports.put(status, n);
                    totals.merge(status, n, Long::sum);
                }
            });
            Long size = sizes.get(i);
            long reported = reports.values().stream().mapToLong(Long::longValue).sum();
            waves.add(new WaveStatus(i + 1, rollout.plan().wave(i), size, reports,
                    size == null ? null : Math.max(0, size - reported)));
        }
        String next = rollout.status() == RolloutStatus.RUNNING
                ? RolloutController.nextStep(h, rollout, sizes, counts, health, clock.instant())
                : null;
        return new Rollout(rollout.id(), rollout.releaseId(), rollout.className(), rollout.status(),
                rollout.statusReason(), rollout.filter().map(Object::toString).orElse(null), rollout.priority(),
                rollout.plan(), rollout.currentWave() + 1, rollout.waveStartedAt(), next, waves, totals,
                rollout.createdAt());
    }

    private static StoredRollout load(Handle h, long id) {
        return StoredRollout.find(h, id)
                .orElseThrow(() -> new DroverException(RolloutErrors.NOT_FOUND, "no rollout with id " + id));
    }

    private static DroverException conflict(StoredRollout rollout, String action) {
        return new DroverException(RolloutErrors.INVALID_TRANSITION, "rollout " + rollout.id() + " is "
                + rollout.status() + " and cannot be " + action);
    }

    private static DroverException changedMeanwhile(long id) {
        return new DroverException(RolloutErrors.INVALID_TRANSITION, "rollout " + id
                + " was changed at the same moment; read it again and retry");
    }

    private static String detail(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    private static String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
