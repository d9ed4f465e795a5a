package io.drover.suit.report;

import io.drover.error.DroverException;
import io.drover.suit.report.internal.InstallReportCodec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Drover device states under its own key when an update ends: a SUIT_Report (the manifest it processed and
 * the result) whose text-keyed extensions add who reports, on which rollout and release, when by its own clock, why
 * it failed, and the component inventory before and after. A SUIT_Report carries no component versions (they are
 * suit-text, not parameters) and no earlier state, hence the extensions; see docs/API.md for the encoding.
 *
 * <p>Sign with {@link ReportSigner#sign(SuitReport) ReportSigner.sign(report.toSuitReport())}; read back from a
 * {@link ReportVerification.Verified} with {@link #of(SuitReport)}.
 *
 * @param deviceTime when the device made the report, by its clock, to the millisecond
 * @param reason     why an update failed ({@code "<code>: <message>"}); present exactly when {@code result} is a failure
 * @param before     component inventory when the update began
 * @param after      component inventory now running
 */
public record InstallReport(String deviceId, long rolloutId, long releaseId, Instant deviceTime,
        ManifestReference manifest, ReportResult result, Optional<String> reason,
        Map<String, InventoryEntry> before, Map<String, InventoryEntry> after) {
    public InstallReport {
        if (deviceId == null || deviceId.isBlank()) {
            throw new IllegalArgumentException("deviceId must not be blank");
        }
        if (rolloutId < 0 || releaseId < 0) {
            throw new IllegalArgumentException("rollout and release ids are unsigned");
        }
        deviceTime = Objects.requireNonNull(deviceTime, "deviceTime").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(reason, "reason");
        if (reason.isPresent() == result instanceof ReportResult.Success) {
            throw new IllegalArgumentException("a failed report needs a reason, a successful one has none");
        }
        before = Map.copyOf(Objects.requireNonNull(before, "before"));
        after = Map.copyOf(Objects.requireNonNull(after, "after"));
    }

    /** The SUIT_Report that carries this report, ready to sign. */
    public SuitReport toSuitReport() {
        return InstallReportCodec.toSuitReport(this);
    }

    /** Reads a report back; {@link DroverException} with {@link ReportErrors#MALFORMED} unless it is one. */
    public static InstallReport of(SuitReport report) {
        return InstallReportCodec.fromSuitReport(report);
    }

    public boolean succeeded() {
        return result instanceof ReportResult.Success;
    }
}
