package io.drover.agent.report;

import io.drover.agent.slot.ImageDigest;
import io.drover.agent.state.AgentState;
import io.drover.agent.transport.Report;
import io.drover.agent.transport.ReportStatus;
import io.drover.error.ErrorCode;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.InventoryEntry;
import io.drover.suit.report.ManifestReference;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.ReportSigner;
import io.drover.suit.report.SuitRecord;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes final reports (SUCCESS, FAILURE) signed with the device's identity key: each carries an
 * {@link InstallReport} that states what the report states (device, rollout, release, manifest, result and reason,
 * the inventory before and after with image digests) and the device's time. The signature is made once, when the
 * report is made, and saved with it, so a report resent after a failure or a restart is the same signed report.
 */
public final class FinalReports {
    private final ReportSigner signer;
    private final VerificationKey identity;
    private final Clock clock;

    public FinalReports(SigningKey identityKey, Clock clock) {
        this.signer = ReportSigner.create(Objects.requireNonNull(identityKey, "identityKey"));
        this.identity = identityKey.verificationKey();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The public key reports are signed with, which the device registers with its server. */
    public VerificationKey identity() {
        return identity;
    }

    /**
     * The release of {@code rolloutId} runs: {@code after} is the state with it committed, {@code before} the state the
     * update started from (the same as {@code after} when the release was installed already).
     */
    public Report success(String deviceId, long rolloutId, long releaseId, ManifestReference manifest,
            AgentState before, AgentState after) {
        return signed(new InstallReport(deviceId, rolloutId, releaseId, clock.instant(), manifest,
                new ReportResult.Success(), Optional.empty(), inventory(before), inventory(after)), after);
    }

    /**
     * The release of {@code rolloutId} failed at {@code step}; the device runs what {@code state} says, unchanged. The
     * reason is signed as the report carries it, cut to {@link Report#MAX_REASON}.
     */
    public Report failure(String deviceId, long rolloutId, long releaseId, ManifestReference manifest, FailedStep step,
            ErrorCode reason, String message, AgentState state) {
        var record = new SuitRecord(List.of(), step.suitSection(), 0, 0, Map.of());
        var result = new ReportResult.Failure(ReportResult.FAILED, record, suitReason(step, reason));
        return signed(new InstallReport(deviceId, rolloutId, releaseId, clock.instant(), manifest, result,
                Optional.of(Report.fitReason(reason.code() + ": " + message)), inventory(state), inventory(state)),
                state);
    }

    private Report signed(InstallReport report, AgentState now) {
        byte[] signed = signer.sign(report.toSuitReport());
        var digests = new HashMap<String, String>();
        report.after().forEach((component, entry) -> entry.image().ifPresent(i -> digests.put(component, i.sha256())));
        return new Report(report.rolloutId(), report.releaseId(),
                report.succeeded() ? ReportStatus.SUCCESS : ReportStatus.FAILURE,
                report.reason().orElse(null), now.inventory(), digests, Base64.getEncoder().encodeToString(signed));
    }

    /** What the state runs: each component's version, and its image's digest where the agent knows it. */
    private static Map<String, InventoryEntry> inventory(AgentState state) {
        var inventory = new HashMap<String, InventoryEntry>();
        state.inventory().forEach((component, version) -> {
            ImageDigest image = state.images().get(component);
            inventory.put(component, new InventoryEntry(version, Optional.ofNullable(image)
                    .map(i -> new InventoryEntry.Image(i.sha256(), i.size()))));
        });
        return inventory;
    }

    /** The SUIT reason nearest to Drover's: a signature refused, a condition that does not hold, or an operation. */
    private static ReportReason suitReason(FailedStep step, ErrorCode reason) {
        return switch (step) {
            case VERIFY -> switch (reason.category()) {
                case MALFORMED -> ReportReason.CBOR_PARSE;
                case REJECTED -> reason.code().startsWith("suit.") ? ReportReason.UNAUTHORISED
                        : ReportReason.CONDITION_FAILED;
                case UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, TOO_LARGE, RANGE_NOT_SATISFIABLE, INTERNAL ->
                        ReportReason.OPERATION_FAILED;
            };
            case FETCH, INSTALL -> ReportReason.OPERATION_FAILED;
            case VALIDATE -> ReportReason.CONDITION_FAILED;
        };
    }
}
