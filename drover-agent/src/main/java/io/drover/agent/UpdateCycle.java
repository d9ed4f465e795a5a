package io.drover.agent;

import io.drover.agent.download.ImageDownloader;
import io.drover.agent.download.DownloadResult;
import io.drover.agent.install.TrialInstaller;
import io.drover.agent.install.TrialVerdict;
import io.drover.agent.ledger.LedgerAlarm;
import io.drover.agent.ledger.LedgerWatch;
import io.drover.agent.report.FailedStep;
import io.drover.agent.report.FinalReports;
import io.drover.agent.report.ReportOutbox;
import io.drover.agent.safety.RolloutConditions;
import io.drover.agent.safety.SafetyPolicy;
import io.drover.agent.safety.Verdict;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.Fallback;
import io.drover.agent.state.StateStore;
import io.drover.agent.state.Trial;
import io.drover.agent.telemetry.AttributeReporter;
import io.drover.agent.telemetry.SoakWatch;
import io.drover.agent.transport.Assignment;
import io.drover.agent.transport.CheckIn;
import io.drover.agent.transport.DeviceApi;
import io.drover.agent.transport.Report;
import io.drover.agent.transport.ReportStatus;
import io.drover.agent.transport.RollbackOrder;
import io.drover.agent.verify.ReleaseCheck;
import io.drover.agent.verify.ReleaseImage;
import io.drover.agent.verify.ReleaseVerifier;
import io.drover.agent.verify.VerifiedRelease;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.suit.report.ManifestReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the device flow: report the device's attributes if they changed, check in, verify, ask the rollout's
 * and the device's safety conditions (ending the pass as waiting when one does not hold), download into the inactive
 * slot, swap on trial, health check, commit or roll back, report. A failure that may pass
 * ({@link AgentErrors#isTransient}) ends the pass to be retried by a later one; any other ends the device's part in
 * the rollout. A check-in answer may instead order the device back to the release it committed before (after a
 * health halt), which it does by making that slot active again. Every step that a restart must not undo is saved
 * before the next one starts, so a new instance built on the same data directory continues where this one stopped;
 * each {@link UpdateStep} is announced once it is saved. Before its first pass an instance registers the device's
 * identity key, which signs the final reports. For a soak period after an install, passes also report the device's
 * health. With a trusted ledger key, the server's ledger head is checked at the first pass, now and then after, and
 * right before each install, which waits while the check fails or has raised a fork alarm ({@link LedgerWatch}).
 * Not thread-safe: {@link Agent} serialises cycles.
 */
final class UpdateCycle {
    private static final Logger log = LoggerFactory.getLogger(UpdateCycle.class);
    /**
     * Downloads of one release in a row that may end with a digest mismatch before it is final. A byte corrupted on
     * the way rarely hits twice; a server whose copy is wrong hits every time, and each attempt costs a download.
     */
    static final int MAX_DIGEST_MISMATCHES = 3;

    private final DeviceApi client;
    private final StateStore store;
    private final ReleaseVerifier verifier;
    private final ImageDownloader downloader;
    private final TrialInstaller installer;
    private final SafetyPolicy safety;
    private final RolloutConditions rolloutConditions;
    private final Optional<AttributeReporter> attributes;
    private final SoakWatch soak;
    private final Optional<LedgerWatch> ledger;
    private final FinalReports reports;
    private final StepListener steps;
    private final ReportOutbox outbox;
    private AgentState state;
    /** The server's name for this device, learned when its identity key is registered; null until then. */
    private String deviceId;
    /** The release last accepted, kept so that polls while it waits or retries need not fetch and verify it again. */
    private AcceptedRelease lastAccepted;
    /** The WAITING report the server took last, while the update keeps waiting; null once it goes ahead. */
    private Waited waitingReported;
    private Mismatches mismatches = Mismatches.NONE;

    UpdateCycle(DeviceApi client, StateStore store, ReleaseVerifier verifier, ImageDownloader downloader,
            TrialInstaller installer, SafetyPolicy safety, RolloutConditions rolloutConditions,
            Optional<AttributeReporter> attributes, SoakWatch soak, Optional<LedgerWatch> ledger, FinalReports reports,
            StepListener steps, AgentState initial) {
        this.client = client;
        this.store = store;
        this.verifier = verifier;
        this.downloader = downloader;
        this.installer = installer;
        this.safety = Objects.requireNonNull(safety, "safety");
        this.rolloutConditions = Objects.requireNonNull(rolloutConditions, "rolloutConditions");
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.soak = Objects.requireNonNull(soak, "soak");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.outbox = new ReportOutbox(client, store, steps);
        this.state = Objects.requireNonNull(initial, "initial");
    }

    AgentState state() {
        return state;
    }

    Optional<LedgerAlarm> ledgerAlarm() {
        return ledger.flatMap(LedgerWatch::alarm);
    }

    CycleOutcome run() throws IOException, InterruptedException {
        if (deviceId == null) {
            // Once per start, before any report: the server keeps the first key a device registers, and refuses
            // unsigned final reports from a device with a key on record.
            deviceId = client.registerIdentity(reports.identity());
            log.info("identity key {} registered for device {}", reports.identity().fingerprint(), deviceId);
        }
        if (attributes.isPresent()) {
            attributes.get().sync();
        }
        if (ledger.isPresent()) {
            ledger.get().atCycleStart();
        }
        if (state.trial() != null) {
            // A previous run swapped in a trial and stopped before judging it.
            return finishTrial();
        }
        state = outbox.flush(state);
        reportHealthIfDue();
        return switch (client.checkIn(state.etag())) {
            case CheckIn.NotModified notModified -> new CycleOutcome.NothingToDo();
            case CheckIn.Current current -> act(current);
        };
    }

    private CycleOutcome act(CheckIn.Current current) throws IOException, InterruptedException {
        if (current.rollback().isPresent()) {
            return rollBack(current.etag(), current.rollback().get());
        }
        if (current.assignment().isEmpty()) {
            settle(current.etag());
            return new CycleOutcome.NothingToDo();
        }
        Assignment assignment = current.assignment().get();
        if (Objects.equals(state.installedReleaseId(), assignment.releaseId())) {
            // Installed already, yet still assigned: the server missed the SUCCESS report. Repeat it.
            state = outbox.sendFinal(state.withEtag(current.etag()), reports.success(deviceId, assignment.rolloutId(),
                    assignment.releaseId(), state.installedManifest(), state, state));
            return new CycleOutcome.NothingToDo();
        }
        if (Objects.equals(state.refusedReleaseId(), assignment.releaseId())) {
            settle(current.etag());
            return new CycleOutcome.NothingToDo();
        }
        return install(current.etag(), assignment);
    }

    private CycleOutcome install(String etag, Assignment assignment) throws IOException, InterruptedException {
        return switch (check(assignment)) {
            case ReleaseCheck.Refused refused -> refuse(etag, assignment, refused.manifest(), FailedStep.VERIFY,
                    refused.reason(), refused.message());
            case ReleaseCheck.Accepted accepted -> switch (conditions(assignment)) {
                // The ETag stays unsaved, so the next check-in answers in full and the conditions are asked again.
                case Verdict.Waiting waiting -> {
                    reportWaiting(assignment, waiting.reason());
                    yield new CycleOutcome.Waiting(waiting.reason());
                }
                case Verdict.Holds holds -> apply(etag, assignment, accepted.release());
            };
        };
    }

    /**
     * The rollout's conditions, the device's own, then the server's ledger (last: checking it costs the server a
     * request): the first that waits is the answer.
     */
    private Verdict conditions(Assignment assignment) throws InterruptedException {
        Verdict rollout = rolloutConditions.policy(assignment.rolloutSafety()).check();
        if (rollout instanceof Verdict.Waiting) {
            return rollout;
        }
        Verdict device = safety.check();
        if (device instanceof Verdict.Waiting || ledger.isEmpty()) {
            return device;
        }
        return ledger.get().beforeInstall();
    }

    /**
     * Fetches and verifies the assigned release, unless this agent accepted it already for the same assignment and
     * installed sequence: then the answer would be the same, and a device that waits or retries for days does not
     * fetch the envelope on every poll. Refusals are not kept; the refused release is never tried again anyway.
     */
    private ReleaseCheck check(Assignment assignment) throws IOException, InterruptedException {
        if (lastAccepted != null && lastAccepted.assignment().equals(assignment)
                && lastAccepted.installedSequence() == state.installedSequence()) {
            return lastAccepted.check();
        }
        byte[] envelope = client.envelope(assignment.envelopeUrl(), ReleaseVerifier.MAX_ENVELOPE_BYTES);
        requireNamedDigest(envelope, assignment);
        ReleaseCheck check = verifier.check(envelope, assignment, state.installedSequence());
        lastAccepted = check instanceof ReleaseCheck.Accepted accepted
                ? new AcceptedRelease(assignment, state.installedSequence(), accepted)
                : null;
        return check;
    }

    /**
     * An envelope that is not the one the server named (by its digest, in the check-in answer) was altered on the way,
     * by a gateway or the link: fetched again on the next cycle rather than verified and refused, so that whoever
     * carries envelopes can delay an update but never make a device give up a release for good.
     */
    private static void requireNamedDigest(byte[] envelope, Assignment assignment) throws IOException {
        if (assignment.envelopeDigest().isEmpty()) {
            return;
        }
        String actual = ImageDigest.of(new ByteArrayInputStream(envelope)).sha256();
        if (!actual.equals(assignment.envelopeDigest().get())) {
            throw new DroverException(AgentErrors.ENVELOPE_DIGEST_MISMATCH, "the envelope of release "
                    + assignment.releaseId() + " has SHA-256 " + actual + ", not the " + assignment.envelopeDigest().get()
                    + " the server named; fetching it again on the next cycle");
        }
    }

    /** Tells the server once per distinct reason: a device may wait for days, polling every minute. */
    private void reportWaiting(Assignment assignment, String reason) throws InterruptedException {
        log.debug("release {} waits: {}", assignment.releaseId(), reason);
        Waited waited = new Waited(assignment.rolloutId(), reason);
        if (!waited.equals(waitingReported) && outbox.sendProgress(
                new Report(assignment.rolloutId(), assignment.releaseId(), ReportStatus.WAITING, reason,
                        state.inventory()))) {
            waitingReported = waited;
        }
    }

    private CycleOutcome apply(String etag, Assignment assignment, VerifiedRelease release)
            throws IOException, InterruptedException {
        log.info("installing release {} (sequence {}) of rollout {}, signed by key {}", assignment.releaseId(),
                release.sequenceNumber(), assignment.rolloutId(), release.signer().keyId());
        waitingReported = null;
        safety.reportReason().ifPresent(reason -> log.warn("release {}: {}", assignment.releaseId(), reason));
        steps.reached(UpdateStep.VERIFIED);
        outbox.sendProgress(new Report(assignment.rolloutId(), assignment.releaseId(), ReportStatus.DOWNLOADING,
                safety.reportReason().orElse(null), state.inventory()));
        SlotId target = state.activeSlot().other();
        List<String> deltasNotUsed = new ArrayList<>();
        for (ReleaseImage image : release.images()) {
            switch (downloader.download(image, target)) {
                case DownloadResult.Downloaded downloaded -> downloaded.deltaNotUsed()
                        .ifPresent(why -> deltasNotUsed.add(image.component() + ": " + why));
                case DownloadResult.Failed failed -> {
                    return downloadFailed(etag, assignment, release.manifest(), FailedStep.FETCH, failed.reason(),
                            failed.message());
                }
            }
        }
        mismatches = Mismatches.NONE;
        if (!deltasNotUsed.isEmpty()) {
            // Said before INSTALLING, so the device's history shows why it downloaded more than offered.
            outbox.sendProgress(new Report(assignment.rolloutId(), assignment.releaseId(), ReportStatus.DOWNLOADING,
                    "delta not used, full image downloaded (" + String.join("; ", deltasNotUsed) + ")",
                    state.inventory()));
        }
        outbox.sendProgress(Report.progress(assignment.rolloutId(), assignment.releaseId(), ReportStatus.INSTALLING,
                state.inventory()));
        Trial trial;
        try {
            trial = installer.prepare(state, assignment.rolloutId(), assignment.releaseId(), release);
        } catch (IOException e) {
            return downloadFailed(etag, assignment, release.manifest(), FailedStep.INSTALL,
                    AgentErrors.SLOT_WRITE_FAILED, "completing slot " + target + " failed: " + e);
        }
        steps.reached(UpdateStep.SLOT_COMPLETE);
        state = state.withTrial(trial).withEtag(etag);
        store.save(state); // The swap: from here on, a restart finishes this trial.
        lastAccepted = null;
        steps.reached(UpdateStep.SWAPPED);
        return finishTrial();
    }

    /**
     * A failure that may pass is reported RETRYING, unsigned like any progress report, and leaves the ETag unsaved, so
     * the next check-in answers in full and the download is tried again, resuming from what was kept; any other is
     * final.
     */
    private CycleOutcome downloadFailed(String etag, Assignment assignment, ManifestReference manifest,
            FailedStep step, ErrorCode reason, String message) throws IOException, InterruptedException {
        if (reason.equals(AgentErrors.IMAGE_DIGEST_MISMATCH)) {
            mismatches = mismatches.next(assignment.releaseId());
            if (mismatches.count() >= MAX_DIGEST_MISMATCHES) {
                return refuse(etag, assignment, manifest, step, reason,
                        message + " (" + mismatches.count() + " downloads in a row with a wrong digest)");
            }
        }
        if (!AgentErrors.isTransient(reason)) {
            return refuse(etag, assignment, manifest, step, reason, message);
        }
        log.info("release {}: {}: {}; retrying on a later cycle", assignment.releaseId(), reason, message);
        outbox.sendProgress(new Report(assignment.rolloutId(), assignment.releaseId(), ReportStatus.RETRYING,
                reason.code() + ": " + message, state.inventory()));
        return new CycleOutcome.DownloadFailed(reason, message);
    }

    /**
     * Ends this device's part in the rollout: a signed FAILURE report naming the step that failed, sent with the
     * inventory still running (a failed update changes nothing), and the release is never tried again.
     */
    private CycleOutcome refuse(String etag, Assignment assignment, ManifestReference manifest, FailedStep step,
            ErrorCode reason, String message) throws IOException, InterruptedException {
        Report report = reports.failure(deviceId, assignment.rolloutId(), assignment.releaseId(), manifest, step,
                reason, message, state);
        state = outbox.sendFinal(state.withRefusedRelease(assignment.releaseId()).withEtag(etag), report);
        lastAccepted = null;
        mismatches = Mismatches.NONE;
        return new CycleOutcome.Rejected(reason, message);
    }

    private CycleOutcome finishTrial() throws IOException, InterruptedException {
        Trial trial = state.trial().withHealthCheckStarted();
        state = state.withTrial(trial);
        store.save(state); // Counted before it runs: a check that takes the device down still counts.
        steps.reached(UpdateStep.HEALTH_CHECKING);
        return switch (installer.judge(trial)) {
            case TrialVerdict.Passed passed -> {
                AgentState committed = state.committed();
                state = outbox.sendFinal(committed, reports.success(deviceId, trial.rolloutId(), trial.releaseId(),
                        trial.manifest(), state, committed), UpdateStep.COMMITTED);
                soak.begin(state);
                reportHealthIfDue();
                yield new CycleOutcome.Installed(trial.sequenceNumber(), committed.inventory());
            }
            case TrialVerdict.Failed failed -> {
                AgentState rolledBack = state.rolledBack();
                state = outbox.sendFinal(rolledBack, reports.failure(deviceId, trial.rolloutId(), trial.releaseId(),
                        trial.manifest(), FailedStep.VALIDATE, failed.reason(), failed.message(), rolledBack),
                        UpdateStep.ROLLED_BACK);
                yield new CycleOutcome.RolledBack(failed.reason(), failed.message());
            }
        };
    }

    /**
     * Carries out a rollback the server ordered, by making the fallback slot active again, when the order names
     * exactly the release installed now and the fallback is exactly the release the server expects to return to, with
     * its images intact. Nothing is downloaded or verified anew: those images passed verification and a health check
     * when they were installed, and their digests are checked now. The sequence number goes back one release, the
     * only way it ever goes down, and only to the release this device itself committed last: there is no fallback
     * after a rollback, so neither a server nor anyone speaking for it can walk a device further back. Any other
     * order is left undone (logged), and the device stays as it is.
     */
    private CycleOutcome rollBack(String etag, RollbackOrder order) throws IOException, InterruptedException {
        Fallback fallback = state.fallback();
        String refusal;
        if (!Objects.equals(state.installedReleaseId(), order.releaseId())
                || state.installedSequence() != order.sequenceNumber()) {
            refusal = "it runs release " + state.installedReleaseId() + " (sequence " + state.installedSequence()
                    + ")";
        } else if (fallback == null) {
            refusal = "it keeps no release to fall back to";
        } else if (!Objects.equals(fallback.installedReleaseId(), order.toReleaseId())
                || fallback.installedSequence() != order.toSequenceNumber()) {
            refusal = "the release it can fall back to is " + fallback.installedReleaseId() + " (sequence "
                    + fallback.installedSequence() + ")";
        } else {
            refusal = installer.fallbackDamage(fallback).orElse(null);
        }
        if (refusal != null) {
            log.warn("rollback of release {} ordered by rollout {} not done: {}", order.releaseId(), order.rolloutId(),
                    refusal);
            settle(etag);
            return new CycleOutcome.NothingToDo();
        }
        AgentState reverted = state.revertedToFallback().withEtag(etag);
        String message = "returned from release " + order.releaseId() + " (sequence " + order.sequenceNumber()
                + ") to " + (order.toReleaseId() == null ? "the factory image" : "release " + order.toReleaseId())
                + " (sequence " + order.toSequenceNumber() + ") in slot " + reverted.activeSlot();
        Map<String, String> digests = new HashMap<>();
        reverted.images().forEach((component, image) -> {
            if (reverted.inventory().containsKey(component)) {
                digests.put(component, image.sha256());
            }
        });
        log.warn("rollout {} halted: {}", order.rolloutId(), message);
        state = outbox.sendFinal(reverted, new Report(order.rolloutId(), order.releaseId(), ReportStatus.ROLLED_BACK,
                AgentErrors.HALTED_ROLLBACK.code() + ": " + message, reverted.inventory(), digests, null),
                UpdateStep.ROLLED_BACK);
        return new CycleOutcome.RolledBack(AgentErrors.HALTED_ROLLBACK, message);
    }

    /**
     * Health reports follow the install's SUCCESS: the server counts a device's health for a rollout only from the
     * install on, so a report it gets first would be lost on its health gate.
     */
    private void reportHealthIfDue() throws InterruptedException {
        if (state.pendingReport() == null) {
            soak.reportIfDue(state);
        }
    }

    /** The agent stops as asked (not a power loss): during a soak, its next start is no trouble. */
    void stopped() {
        soak.stopped();
    }

    /** The answer carrying {@code etag} needs nothing more from this device. */
    private void settle(String etag) throws IOException {
        if (!Objects.equals(etag, state.etag())) {
            state = state.withEtag(etag);
            store.save(state);
        }
    }

    private record AcceptedRelease(Assignment assignment, long installedSequence, ReleaseCheck.Accepted check) {}

    private record Waited(long rolloutId, String reason) {}

    /** Downloads of {@code releaseId} in a row that ended with a digest mismatch. */
    private record Mismatches(long releaseId, int count) {
        static final Mismatches NONE = new Mismatches(-1, 0);

        Mismatches next(long release) {
            return new Mismatches(release, release == releaseId ? count + 1 : 1);
        }
    }
}
