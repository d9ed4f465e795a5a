package io.drover.server.rollout;

import static io.drover.server.store.Rows.timestamp;

import io.drover.error.DroverException;
import io.drover.server.access.Actor;
import io.drover.server.compat.CompatErrors;
import io.drover.server.compat.CompatibilityPolicies;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceClass;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.fleet.FleetService;
import io.drover.server.ledger.Ledger;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseService;
import io.drover.server.store.JsonColumn;
import io.drover.server.store.NewestFirst;
import io.drover.server.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
    private final CompatibilityPolicies policies;
    private final RolloutEvents events;
    private final Ledger ledger;
    private final Clock clock;

    public RolloutService(Jdbi jdbi, ReleaseService releases, FleetService fleet, DeviceIdentityService identities,
            DeviceTraitsService traits, HealthReports health, CompatibilityPolicies policies, Ledger ledger,
            Clock clock) {
        this.jdbi = jdbi;
        this.releases = releases;
        this.fleet = fleet;
        this.traits = traits;
        this.health = health;
        this.signatures = new ReportSignatures(identities, releases);
        this.policies = policies;
        this.events = new RolloutEvents(ledger);
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Starts a rollout as {@code actor}. One that changes a component critical in its class awaits the approval of
     * someone else ({@link #approve}); one that requires a rehearsal then awaits that; any other starts wave 1 now.
     */
    public Rollout start(NewRollout request, Actor actor) {
        Release release = releases.release(request.releaseId());
        long id = jdbi.inTransaction(h -> {
            DeviceClass deviceClass = fleet.deviceClass(h, release.className());
            // Serialised with policy changes, which refuse to strand a rollout that is not cancelled.
            fleet.lock(h, deviceClass);
            long classId = deviceClass.id();
            policies.find(h, classId).policy().refusalForEveryInventory(release.versions()).ifPresent(reason -> {
                throw new DroverException(CompatErrors.RELEASE_NEVER_ALLOWED, "release " + release.id()
                        + " could run on no device of '" + release.className() + "' under its compatibility policy: "
                        + reason);
            });
            Optional<Approval> approval = Optional.of(deviceClass.criticalAmong(release.versions().keySet()))
                    .filter(critical -> !critical.isEmpty())
                    .map(critical -> new Approval(List.copyOf(critical), null, null));
            RolloutStatus status = approval.isPresent() ? RolloutStatus.AWAITING_APPROVAL
                    : request.rehearsal() == null ? RolloutStatus.RUNNING : RolloutStatus.AWAITING_REHEARSAL;
            Instant now = clock.instant();
            long rolloutId = h.createUpdate("INSERT INTO rollout (release_id, device_class_id, status, created_at, "
                            + "target_filter, wave_plan, priority, current_wave, wave_started_at, rehearsal_requirement, "
                            + "safety, created_by, approval_components) VALUES (:rel, :cls, :st, :now, :filter, :plan, "
                            + ":priority, 0, :now, :rehearsal, :safety, :by, :approval)")
                    .bind("rel", release.id()).bind("cls", classId).bind("st", status.name())
                    .bind("rehearsal", request.rehearsal() == null ? null : JsonColumn.write(request.rehearsal()))
                    .bind("now", timestamp(now)).bind("filter", request.filter())
                    .bind("plan", JsonColumn.write(request.plan())).bind("priority", request.priorityOrDefault())
                    .bind("safety", request.safety() == null ? null : JsonColumn.write(request.safety()))
                    .bind("by", actor.name())
                    .bind("approval", approval.map(Approval::storedComponents).orElse(null))
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            WaveCounters.create(h, rolloutId, request.plan().waves().size());
            events.created(h, rolloutId, release.id(), now, actor.name(), "release " + release.id() + " to class "
                    + release.className() + (request.filter() == null ? "" : " where " + request.filter()) + " in "
                    + request.plan().waves().size() + " wave(s)" + (request.rehearsal() == null ? ""
                            : ", wave 1 once a rehearsal on " + request.rehearsal().devices()
                                    + " emulated devices passes")
                    + approval.map(a -> "; it changes critical component(s) " + String.join(", ", a.components())
                            + " and awaits the approval of someone other than " + actor.name()).orElse(""),
                    definition(release, request, actor.name(), approval));
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
    public Rollout pause(long id, Actor actor, String reason) {
        return change(id, actor, "paused", reason, RolloutStatus.PAUSED, r -> r.status() == RolloutStatus.RUNNING);
    }

    /** Runs a paused or halted rollout again, from the wave it stopped in; that wave's soak starts afresh. */
    public Rollout resume(long id, Actor actor, String reason) {
        return change(id, actor, "resumed", reason, RolloutStatus.RUNNING,
                r -> r.status() == RolloutStatus.PAUSED || r.status() == RolloutStatus.HALTED);
    }

    /** Ends the rollout for good; no device is assigned its release any more. */
    public Rollout cancel(long id, Actor actor, String reason) {
        return change(id, actor, "cancelled", reason, RolloutStatus.CANCELLED, r -> !r.status().isFinal());
    }

    /** Starts the next wave now, whatever the current one's soak and thresholds say. */
    public Rollout promote(long id, Actor actor, String reason) {
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
            events.changed(h, rollout, now, actor.name(), "promoted", "to wave " + (next + 1) + detail(reason));
            return view(h, load(h, id));
        });
    }

    /**
     * Approves a rollout that awaits approval (the two-person rule). Its creator may not, whatever their role; anyone
     * else the route lets approve may. The rollout then awaits its rehearsal when it requires one, else wave 1 starts
     * now (its soak from now).
     */
    public Rollout approve(long id, Actor actor, String reason) {
        return jdbi.inTransaction(h -> {
            load(h, id); // not found: 404
            // Under the row lock, an approval sees what a concurrent cancel or approval left.
            StoredRollout rollout = StoredRollout.lock(h, id);
            if (rollout.status() != RolloutStatus.AWAITING_APPROVAL) {
                throw new DroverException(RolloutErrors.NOT_AWAITING_APPROVAL, "rollout " + id + " is "
                        + rollout.status() + " and awaits no approval");
            }
            if (actor.name().equals(rollout.createdBy())) {
                throw new DroverException(RolloutErrors.SELF_APPROVAL, "rollout " + id + " was created by "
                        + actor.name() + ", who may not also approve it: someone else must");
            }
            Instant now = clock.instant();
            RolloutStatus next = rollout.rehearsal().isPresent() ? RolloutStatus.AWAITING_REHEARSAL
                    : RolloutStatus.RUNNING;
            if (!rollout.change(h, next, null, 0, now)) {
                throw changedMeanwhile(id);
            }
            rollout.recordApproval(h, actor.name(), now);
            events.approved(h, rollout, now, actor.name(), (next == RolloutStatus.RUNNING
                    ? "wave 1 starts" : "it awaits its rehearsal") + detail(reason));
            return view(h, load(h, id));
        });
    }

    /**
     * Records a rehearsal of a rollout's release and judges it against the rollout's requirement. A passing one starts
     * wave 1 (its soak from now); a failing one leaves the rollout awaiting a rehearsal, to be rehearsed again or
     * cancelled. Either way the result and the verdict become part of the rollout's record.
     */
    public Rollout rehearsed(long id, RehearsalResult result, Actor actor) {
        return jdbi.inTransaction(h -> {
            load(h, id); // not found: 404
            // Under the row lock, a result is judged on the status a concurrent cancel or passing result left.
            StoredRollout rollout = StoredRollout.lock(h, id);
            RehearsalRequirement requirement = rollout.rehearsal().orElseThrow(() -> new DroverException(
                    RolloutErrors.NOT_AWAITING_REHEARSAL, "rollout " + id + " requires no rehearsal"));
            if (rollout.status() != RolloutStatus.AWAITING_REHEARSAL) {
                throw new DroverException(RolloutErrors.NOT_AWAITING_REHEARSAL, "rollout " + id + " is "
                        + rollout.status() + " and awaits no rehearsal");
            }
            if (result.releaseId() != rollout.releaseId()) {
                throw new DroverException(RolloutErrors.INVALID, "the rehearsal ran release " + result.releaseId()
                        + ", rollout " + id + " rolls out release " + rollout.releaseId());
            }
            Instant now = clock.instant();
            RehearsalVerdict verdict = requirement.judge(result);
            if (verdict.passed() && !rollout.change(h, RolloutStatus.RUNNING, null, 0, now)) {
                throw changedMeanwhile(id);
            }
            Rehearsals.record(h, id, new RecordedRehearsal(now, actor.name(), verdict, result));
            events.changed(h, rollout, now, actor.name(), verdict.passed() ? "rehearsal passed" : "rehearsal failed",
                    verdict.reason() + (verdict.passed() ? "; wave 1 starts" : ""));
            return view(h, load(h, id));
        });
    }

    /**
     * The devices that reported on a rollout or were judged incompatible with it, in id order, with their wave,
     * latest status, the release it is about, the reason, and the signed report behind a final one.
     */
    public List<DeviceRolloutReport> deviceReports(long rolloutId, Page page) {
        return jdbi.withHandle(h -> {
            load(h, rolloutId);
            return DeviceRollouts.page(h, rolloutId, page);
        });
    }

    /**
     * What a device went through on every rollout it took part in, newest first: each status it reported or the
     * server decided for it (STEPPED, INCOMPATIBLE), with the release, the reason and whether the signature held.
     */
    public List<DeviceHistoryEntry> history(String deviceId, NewestFirst page) {
        return jdbi.withHandle(h -> {
            fleet.device(h, deviceId);
            return DeviceReports.history(h, deviceId, page);
        });
    }

    /**
     * Records a device's report and moves the rollout's counters in the same transaction; a final report also records
     * what the device now runs. A final report from a device with an identity key on record must be signed with it
     * (see {@link ReportSignatures}); one that is not, or whose signature or content does not hold, is refused and
     * changes nothing. A final status is replaced only by another final one on the same release (a device repeating
     * a report the server missed). A report on a step (an intermediate release the server assigned on the way to the
     * rollout's) is recorded against that release, and its SUCCESS as STEPPED, never as the rollout's SUCCESS. A
     * device the server judged INCOMPATIBLE with the rollout cannot report on it. A ROLLED_BACK report is accepted
     * only where the server ordered that rollback ({@link RollbackOrders}).
     */
    public void report(AuthenticatedDevice device, DeviceReport report) {
        jdbi.useTransaction(h -> {
            StoredRollout rollout = StoredRollout.find(h, report.rolloutId())
                    .filter(r -> r.classDbId() == device.classDbId())
                    .orElseThrow(() -> new DroverException(RolloutErrors.NOT_IN_ROLLOUT, "device '" + device.id()
                            + "' is not part of rollout " + report.rolloutId()));
            Release release = reportedRelease(h, rollout, report);
            ReportSignatures.Signature signature = signatures.check(h, device, report, release.id());
            Optional<DeviceRollouts.Row> current = DeviceRollouts.find(h, device.id(), rollout.id());
            if (report.status() == ReportStatus.ROLLED_BACK) {
                rolledBack(h, device, rollout, release, report, current);
                return;
            }
            requireMayFollow(device.id(), rollout, release, report, current);
            boolean step = release.id() != rollout.releaseId();
            ReportStatus status = step && report.status() == ReportStatus.SUCCESS ? ReportStatus.STEPPED : report.status();
            String reason = status == ReportStatus.STEPPED
                    ? "installed release " + release.id() + " " + release.versions() + ", a step towards release "
                            + rollout.releaseId()
                    : report.reason();
            int wave = current.map(DeviceRollouts.Row::wave)
                    .orElseGet(() -> AssignmentService.waveOf(rollout, device.id(), () -> traits.traits(h, device.id())));
            // What a SUCCESS leaves behind, which a rollback returns to; a repeated SUCCESS keeps what the first saw.
            Long previous = status != ReportStatus.SUCCESS ? null : current
                    .filter(row -> row.status() == ReportStatus.SUCCESS).map(DeviceRollouts.Row::previousSequence)
                    .orElse(device.installedSequence());
            DeviceRollouts.write(h, device.id(), rollout.id(), current, wave, new DeviceRollouts.Change(status,
                    release.id(), reason, signature.signedReport(), signature.verified(), null, null, previous),
                    clock.instant());
            if (current.isEmpty()) {
                ledger.record(h, InstallRecords.assigned(device.id(), rollout, release.id(), wave));
            }
            boolean repeated = current.filter(row -> row.status() == status && row.releaseId() == release.id())
                    .isPresent();
            if (report.isFinal() && !repeated) {
                ledger.record(h, InstallRecords.reported(device, rollout.id(), release.id(), status, report, signature));
            }
            switch (report.status()) {
                case SUCCESS -> fleet.recordInventory(h, device.id(), report.inventory(), report.digests(),
                        release.sequenceNumber());
                case FAILURE -> fleet.recordInventory(h, device.id(), report.inventory(), report.digests());
                // STEPPED and INCOMPATIBLE never come from a device (DeviceReport refuses them); ROLLED_BACK is above.
                case WAITING, DOWNLOADING, RETRYING, INSTALLING, STEPPED, INCOMPATIBLE, ROLLED_BACK -> { }
            }
        });
    }

    /**
     * A device that rolled back as it was told (see {@link RollbackOrders}) runs again what it ran before the
     * rollout's release: recorded with that sequence number, so that the rollout assigns the release anew should it
     * run again. A repeated ROLLED_BACK (the device missed the answer) changes nothing.
     */
    private void rolledBack(Handle h, AuthenticatedDevice device, StoredRollout rollout, Release release,
            DeviceReport report, Optional<DeviceRollouts.Row> current) {
        if (current.filter(r -> r.status() == ReportStatus.ROLLED_BACK && r.releaseId() == release.id()).isPresent()) {
            return;
        }
        long previous = RollbackOrders.requireOrdered(device, rollout, release.id(), current);
        DeviceRollouts.write(h, device.id(), rollout.id(), current, current.orElseThrow().wave(),
                new DeviceRollouts.Change(ReportStatus.ROLLED_BACK, release.id(), report.reason(), null, false, null,
                        null, previous), clock.instant());
        ledger.record(h, InstallRecords.reported(device, rollout.id(), release.id(), ReportStatus.ROLLED_BACK, report,
                ReportSignatures.Signature.NONE));
        fleet.recordInventory(h, device.id(), report.inventory(), report.digests(), previous);
    }

    /** The release a report is about: the rollout's own, or a release of its class below it (a step). */
    private Release reportedRelease(Handle h, StoredRollout rollout, DeviceReport report) {
        if (report.releaseId() == null || report.releaseId() == rollout.releaseId()) {
            return releases.release(h, rollout.releaseId());
        }
        Release step = releases.release(h, report.releaseId());
        if (!step.className().equals(rollout.className()) || step.sequenceNumber() >= rollout.releaseSequence()) {
            throw new DroverException(RolloutErrors.NOT_A_STEP, "release " + step.id() + " is no step towards release "
                    + rollout.releaseId() + " of rollout " + rollout.id() + ": a report names the rollout's release "
                    + "or an earlier release of class '" + rollout.className() + "'");
        }
        return step;
    }

    private static void requireMayFollow(String deviceId, StoredRollout rollout, Release release, DeviceReport report,
            Optional<DeviceRollouts.Row> current) {
        if (current.isEmpty()) {
            return;
        }
        DeviceRollouts.Row row = current.get();
        if (row.status() == ReportStatus.INCOMPATIBLE) {
            throw new DroverException(RolloutErrors.DEVICE_INCOMPATIBLE, "device '" + deviceId + "' is INCOMPATIBLE "
                    + "with rollout " + rollout.id() + " and was assigned nothing from it");
        }
        if (row.status().isFinal() && (!report.isFinal() || row.releaseId() != release.id())) {
            throw new DroverException(RolloutErrors.ALREADY_FINAL, "device '" + deviceId + "' already reported "
                    + row.status() + " on release " + row.releaseId() + " for rollout " + rollout.id() + "; a "
                    + report.status() + " report on release " + release.id() + " cannot follow");
        }
    }

    private Rollout change(long id, Actor actor, String action, String reason, RolloutStatus to,
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
            events.changed(h, rollout, now, actor.name(), action, reason);
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
                rollout.createdAt(), rollout.rehearsal().orElse(null),
                Rehearsals.latest(h, rollout.id()).orElse(null), rollout.safety().orElse(null), rollout.createdBy(),
                rollout.approval().orElse(null));
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

    /** What the ledger keeps of a new rollout: whose it is and everything that decides where its release goes. */
    private static Map<String, Object> definition(Release release, NewRollout request, String creator,
            Optional<Approval> approval) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("className", release.className());
        definition.put("creator", creator);
        definition.put("approvalRequiredFor", approval.map(Approval::components).orElse(null));
        definition.put("filter", request.filter());
        definition.put("plan", request.plan());
        definition.put("priority", request.priorityOrDefault());
        definition.put("rehearsal", request.rehearsal());
        definition.put("safety", request.safety());
        return definition;
    }

    private static String detail(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

}
