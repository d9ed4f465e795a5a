package io.drover.server.lwm2m;

import io.drover.error.DroverException;
import io.drover.safety.RolloutSafety;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.fleet.FleetService;
import io.drover.server.lwm2m.FirmwarePackages.FirmwarePackage;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseService;
import io.drover.server.rollout.Assignment;
import io.drover.server.rollout.AssignmentService;
import io.drover.server.rollout.DeviceReport;
import io.drover.server.rollout.ReportStatus;
import io.drover.server.rollout.RolloutService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives LwM2M devices through the Firmware Update object (Object 5) for what rollouts assign them. Each check asks
 * the same {@link AssignmentService} an HTTP device's check-in asks, reads the device's Object 5 instance (State and
 * Update Result together), and takes the next step: deliver the package (write its URI into Package URI, /5/0/1, for
 * the device to pull; or write the package into Package, /5/0/0, with Block1), execute Update (/5/0/2) once the
 * device holds it, and report each change through {@link RolloutService#report}, the path HTTP devices' reports
 * take, so waves, thresholds and halts count LwM2M devices alike.
 *
 * <p>A package delivered is followed to its end even if the rollout pauses meanwhile (as an agent finishes an install
 * it began); one not yet delivered is not. A device that deregisters mid-update is checked again when it registers;
 * a node that restarted recognises a pull it started by the Package URI the device still holds, and otherwise
 * delivers again. A device that deregisters instead of answering Update is taken as installing. A device whose
 * rollout starts while it is away is driven when it registers. Checks of one device run one at a time
 * ({@link CheckQueue}).
 */
final class FirmwareUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(FirmwareUpdates.class);
    /** Transient failures in a row after which the device's update is a FAILURE. */
    static final int MAX_ATTEMPTS = 3;
    private static final Duration PUSH_TIMEOUT = Duration.ofMinutes(10);
    /** Checks after a delivery or an Update during which a device may show no sign of it before it counts as stuck. */
    private static final int STALL_CHECKS = 4;

    private final DeviceLink link;
    private final AssignmentService assignments;
    private final RolloutService rollouts;
    private final ReleaseService releases;
    private final FleetService fleet;
    private final DeviceTraitsService traits;
    private final DeviceInventory inventory;
    private final FirmwarePackages packages;
    private final Lwm2mSettings settings;
    private final Clock clock;
    private final Map<String, UpdateJob> jobs = new ConcurrentHashMap<>();

    FirmwareUpdates(DeviceLink link, AssignmentService assignments, RolloutService rollouts, ReleaseService releases,
            FleetService fleet, DeviceTraitsService traits, DeviceInventory inventory, FirmwarePackages packages,
            Lwm2mSettings settings, Clock clock) {
        this.link = link;
        this.assignments = assignments;
        this.rollouts = rollouts;
        this.releases = releases;
        this.fleet = fleet;
        this.traits = traits;
        this.inventory = inventory;
        this.packages = packages;
        this.settings = settings;
        this.clock = clock;
    }

    /** Observes State and Update Result of a new registration, so that every change prompts a check. */
    void observe(Registration device) {
        link.send(device, new ObserveRequest(FirmwareStatus.OBJECT, 0, FirmwareStatus.STATE), DeviceLink.TIMEOUT);
        link.send(device, new ObserveRequest(FirmwareStatus.OBJECT, 0, FirmwareStatus.UPDATE_RESULT),
                DeviceLink.TIMEOUT);
    }

    /** Drops what this node knows of the device's update (the device was revoked). */
    void forget(String deviceId) {
        jobs.remove(deviceId);
    }

    /** One check of a registered device: what it is assigned, where its Object 5 stands, and the next step. */
    void check(AuthenticatedDevice device, Registration registration) {
        Optional<Assignment> assignment = assignments.answerFor(device).assignment();
        UpdateJob job = jobs.get(device.id());
        if (assignment.isPresent() && (job == null || !job.isFor(assignment.get()))) {
            job = start(device, assignment.get());
        }
        if (job == null || job.settled()) {
            return;
        }
        if (assignment.isEmpty() && job.phase() == UpdateJob.Phase.NEW) {
            jobs.remove(device.id()); // the rollout stopped assigning before a package reached the device
            return;
        }
        Optional<FirmwareStatus> status = link.firmware(registration);
        if (status.isEmpty()) {
            return; // unreachable, or an answer Drover cannot read: the next check asks again
        }
        Release release = releases.release(job.assignment.releaseId());
        FirmwarePackage firmware = packages.of(release);
        Optional<String> uri = settings.packageUri(firmware.sha256().hex());
        if (job.delivery().isEmpty() && startedBefore(status.get(), uri)) {
            job.delivered(Delivery.PULL, clock.instant());
        }
        if (job.phase() == UpdateJob.Phase.NEW) {
            deliver(device, registration, job, status.get(), firmware, uri);
        } else {
            follow(device, registration, job, status.get(), release);
        }
    }

    private UpdateJob start(AuthenticatedDevice device, Assignment assignment) {
        UpdateJob job = new UpdateJob(assignment);
        jobs.put(device.id(), job);
        if (fleet.device(device.id()).identity().isPresent()) {
            // Its final reports must be signed with its identity key, which Object 5 has no way to carry.
            LOG.warn("LwM2M device {} has an identity key on record: rollout {} cannot record its install reports, "
                    + "so it is not driven", device.id(), assignment.rolloutId());
            job.settle();
        }
        return job;
    }

    /**
     * Whether the device holds this package's URI and is past the start of it, though this job delivered nothing yet:
     * a pull this node started before it restarted, or another node started before the device registered here. A
     * push leaves no such trace, so a pushed package is pushed again.
     */
    private static boolean startedBefore(FirmwareStatus status, Optional<String> uri) {
        return uri.isPresent() && uri.get().equals(status.packageUri())
                && (status.state() != FirmwareState.IDLE || status.result() == UpdateResult.SUCCESS);
    }

    private void deliver(AuthenticatedDevice device, Registration registration, UpdateJob job, FirmwareStatus status,
            FirmwarePackage firmware, Optional<String> uri) {
        Instant now = clock.instant();
        if (!job.mayDeliver(now)) {
            return;
        }
        RolloutSafety safety = job.assignment.safety();
        if (safety != null) {
            Optional<String> waiting = SafetyCheck.waiting(safety, traits.traits(device.id()).attributes(), now);
            if (waiting.isPresent()) {
                report(device, job, ReportStatus.WAITING, waiting.get());
                return;
            }
        }
        Optional<Delivery> delivery = Delivery.choose(status, uri, firmware.pushable());
        if (delivery.isEmpty()) {
            fail(device, job, "lwm2m.no-delivery-method", "the device takes packages by "
                    + status.deliveryMethod().stream().mapToObj(FirmwareUpdates::method).findFirst()
                            .orElse("pull or push (it states no method)")
                    + " over protocols " + (status.protocols().isEmpty() ? "[0]" : status.protocols())
                    + "; Drover offers " + (uri.isPresent() ? "pull from " + uri.get() : "no pull")
                    + (firmware.pushable() ? " and push" : " and no push (the package has " + firmware.size()
                            + " bytes)"));
            return;
        }
        switch (delivery.get()) {
            case PULL -> {
                Optional<? extends LwM2mResponse> answer = link.send(registration, new WriteRequest(
                        FirmwareStatus.OBJECT, 0, FirmwareStatus.PACKAGE_URI, uri.orElseThrow()), DeviceLink.TIMEOUT);
                if (refused(device, job, answer, "Package URI")) {
                    return;
                }
                job.delivered(Delivery.PULL, clock.instant());
                report(device, job, ReportStatus.DOWNLOADING, null);
            }
            case PUSH -> {
                report(device, job, ReportStatus.DOWNLOADING, null);
                Optional<? extends LwM2mResponse> answer = link.send(registration, new WriteRequest(
                        ContentFormat.OPAQUE, FirmwareStatus.OBJECT, 0, FirmwareStatus.PACKAGE,
                        packages.bytes(firmware)), PUSH_TIMEOUT);
                if (refused(device, job, answer, "Package")) {
                    return;
                }
                job.delivered(Delivery.PUSH, clock.instant());
            }
        }
    }

    /** Follows a delivered package by the device's Update Result, and while that says nothing, by its State. */
    private void follow(AuthenticatedDevice device, Registration registration, UpdateJob job, FirmwareStatus status,
            Release release) {
        UpdateResult result = status.result();
        switch (result) {
            case SUCCESS -> succeeded(device, registration, job, release);
            case INITIAL -> progress(device, registration, job, status.state());
            default -> {
                String code = result.code().orElseThrow();
                String message = "the device's Update Result is " + result.value() + " (" + result.name()
                        .toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
                switch (result.report().orElseThrow()) {
                    case RETRYING -> transientFailure(device, job, code, message);
                    case WAITING -> report(device, job, ReportStatus.WAITING, code + ": " + message);
                    default -> fail(device, job, code, message);
                }
            }
        }
    }

    private void progress(AuthenticatedDevice device, Registration registration, UpdateJob job, FirmwareState state) {
        switch (state) {
            case DOWNLOADING -> report(device, job, ReportStatus.DOWNLOADING, null);
            case DOWNLOADED -> {
                if (job.phase() == UpdateJob.Phase.DELIVERED) {
                    executeUpdate(device, registration, job);
                } else {
                    failIfStalled(device, job); // Update was executed, yet the device holds the package untouched
                }
            }
            case UPDATING -> report(device, job, ReportStatus.INSTALLING, null);
            case IDLE -> failIfStalled(device, job);
        }
    }

    /**
     * Executes Update. A device that deregisters instead of answering counts as installing: many restart to install
     * at once, and the answer is lost with the registration. Its next registration tells by its Update Result, or it
     * shows no sign of the update and counts as stalled; delivering the package again at once would send a
     * constrained device its whole package a second time.
     */
    private void executeUpdate(AuthenticatedDevice device, Registration registration, UpdateJob job) {
        Optional<? extends LwM2mResponse> answer = link.send(registration, new ExecuteRequest(FirmwareStatus.OBJECT,
                0, FirmwareStatus.UPDATE), DeviceLink.TIMEOUT);
        if (answer.isPresent() || link.registered(registration)) {
            if (refused(device, job, answer, "Update")) {
                return;
            }
        } else {
            LOG.info("LwM2M device {} left without answering Update: taken as installing", device.id());
        }
        job.executed(clock.instant());
        report(device, job, ReportStatus.INSTALLING, null);
    }

    /**
     * A transient failure once the device has shown no sign of Drover's last step for {@link #STALL_CHECKS} checks.
     */
    private void failIfStalled(AuthenticatedDevice device, UpdateJob job) {
        Instant stalled = job.steppedAt().plus(settings.checkInterval().multipliedBy(STALL_CHECKS));
        if (clock.instant().isAfter(stalled)) {
            transientFailure(device, job, "lwm2m.no-progress", "the device shows no sign of the "
                    + (job.phase() == UpdateJob.Phase.EXECUTED ? "update" : "package") + " after " + STALL_CHECKS
                    + " checks");
        }
    }

    /**
     * The device says the update succeeded. When its class has one component, the firmware version its Device object
     * now states must be the release's; the inventory reported is what the device ran with the release's versions.
     */
    private void succeeded(AuthenticatedDevice device, Registration registration, UpdateJob job, Release release) {
        Map<String, String> versions = release.versions();
        Optional<String> component = inventory.soleComponent(device.id());
        Optional<String> stated = link.deviceInfo(registration).flatMap(DeviceInfo::firmwareVersion);
        if (component.isPresent() && stated.isPresent() && !stated.get().equals(versions.get(component.get()))) {
            fail(device, job, "lwm2m.version-mismatch", "the device reports success but states firmware version "
                    + stated.get() + ", not " + versions.get(component.get()));
            return;
        }
        Map<String, String> after = new TreeMap<>(fleet.device(device.id()).inventory());
        after.putAll(versions);
        report(device, job, ReportStatus.SUCCESS, null, after);
    }

    /** A transient failure: RETRYING, and the package delivered again at a later check; FAILURE after too many. */
    private void transientFailure(AuthenticatedDevice device, UpdateJob job, String code, String message) {
        int failures = job.failed(clock.instant().plus(settings.checkInterval()));
        if (failures >= MAX_ATTEMPTS) {
            fail(device, job, code, message + "; " + failures + " attempts in a row");
        } else {
            report(device, job, ReportStatus.RETRYING, code + ": " + message);
        }
    }

    private void fail(AuthenticatedDevice device, UpdateJob job, String code, String message) {
        report(device, job, ReportStatus.FAILURE, code + ": " + message, fleet.device(device.id()).inventory());
    }

    /** Whether the device answered a request with an error, or not at all: a transient failure, reported. */
    private boolean refused(AuthenticatedDevice device, UpdateJob job, Optional<? extends LwM2mResponse> answer,
            String what) {
        if (answer.filter(LwM2mResponse::isSuccess).isPresent()) {
            return false;
        }
        transientFailure(device, job, "lwm2m.request-failed", answer
                .map(a -> "the device answered " + a.getCode() + " to the " + what + " request"
                        + (a.getErrorMessage() == null || a.getErrorMessage().isEmpty() ? ""
                                : ": " + a.getErrorMessage()))
                .orElse("the device did not answer the " + what + " request"));
        return true;
    }

    private void report(AuthenticatedDevice device, UpdateJob job, ReportStatus status, String reason) {
        report(device, job, status, reason, Map.of());
    }

    /**
     * Reports a change on the device's behalf, once: a check that finds the device where it was reports nothing. A
     * final report settles the job, taken or not. The server refuses, as from any device, what the rollout cannot
     * take (a FAILURE without an inventory, say): logged.
     */
    private void report(AuthenticatedDevice device, UpdateJob job, ReportStatus status, String reason,
            Map<String, String> inventory) {
        if (status.isFinal()) {
            job.settle();
        }
        if (job.reported(status, reason)) {
            return;
        }
        try {
            rollouts.report(device, new DeviceReport(job.assignment.rolloutId(), job.assignment.releaseId(), status,
                    reason, inventory, Map.of(), null));
            job.noteReported(status, reason);
            LOG.info("LwM2M device {}: {} on rollout {}{}", device.id(), status, job.assignment.rolloutId(),
                    reason == null ? "" : " (" + reason + ")");
        } catch (DroverException e) {
            LOG.warn("the {} report of LwM2M device {} on rollout {} was refused: {}", status, device.id(),
                    job.assignment.rolloutId(), e.getMessage());
        }
    }

    private static String method(int deliveryMethod) {
        return switch (deliveryMethod) {
            case 0 -> "pull only";
            case 1 -> "push only";
            default -> "pull or push";
        };
    }
}
