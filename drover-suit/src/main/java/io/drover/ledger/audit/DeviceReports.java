package io.drover.ledger.audit;

import io.drover.error.DroverException;
import io.drover.suit.VerificationKey;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.ReportVerification;
import io.drover.suit.report.ReportVerifier;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the install reports in a ledger against the device keys the same ledger recorded before them. A report the
 * entry states as {@code signatureVerified} must carry a signature that verifies with the key of the latest earlier
 * {@code device.key-recorded} entry of its device; any signed report that verifies must state what the entry states.
 * A report not stated as verified whose signature does not verify is counted as unverified, not failed: the server
 * hears a device whose key an operator cleared without checking. Keeps one key per device seen.
 */
final class DeviceReports {
    private record RecordedKey(ReportVerifier verifier, long entry) {}

    private final Map<String, RecordedKey> keys = new HashMap<>();
    private long verified;
    private long unverified;

    long verified() {
        return verified;
    }

    long unverified() {
        return unverified;
    }

    /** Takes note of a device key or checks a report; answers what is wrong with the entry, if anything. */
    Optional<String> check(LedgerEntry entry, long position) {
        return switch (entry.kind()) {
            case LedgerEntry.KEY_RECORDED -> recordKey(entry, position);
            case LedgerEntry.INSTALL_REPORTED -> checkReport(entry);
            default -> Optional.empty();
        };
    }

    private Optional<String> recordKey(LedgerEntry entry, long position) {
        if (entry.deviceId() == null) {
            return Optional.of("a device key recorded for no device (no deviceId)");
        }
        String pem = entry.detailText("publicKeyPem");
        if (pem == null) {
            return Optional.of("device " + entry.deviceId() + "'s key recorded without its publicKeyPem");
        }
        try {
            keys.put(entry.deviceId(), new RecordedKey(ReportVerifier.create(List.of(VerificationKey.fromPem(pem))),
                    position));
            return Optional.empty();
        } catch (DroverException e) {
            return Optional.of("device " + entry.deviceId() + "'s publicKeyPem is no usable key: " + e.getMessage());
        }
    }

    private Optional<String> checkReport(LedgerEntry entry) {
        String signed = entry.detailText("signedReport");
        boolean claimsVerified = entry.detailTrue("signatureVerified");
        RecordedKey key = entry.deviceId() == null ? null : keys.get(entry.deviceId());
        if (signed == null || key == null) {
            if (claimsVerified) {
                return Optional.of(signed == null ? "states signatureVerified but carries no signedReport"
                        : "states signatureVerified, but no earlier device.key-recorded entry gives device "
                                + entry.deviceId() + "'s key");
            }
            unverified++;
            return Optional.empty();
        }
        String whose = "device " + entry.deviceId() + "'s key (recorded in entry " + key.entry() + ")";
        InstallReport report;
        try {
            byte[] bytes = Base64.getDecoder().decode(signed);
            report = switch (key.verifier().verify(bytes)) {
                case ReportVerification.Verified ok -> InstallReport.of(ok.report());
                case ReportVerification.Rejected rejected -> null;
            };
        } catch (IllegalArgumentException | DroverException e) {
            return Optional.of("its signedReport is no signed install report: " + e.getMessage());
        }
        if (report == null) {
            if (!claimsVerified) {
                // The server did not vouch for it (a device whose key an operator cleared is heard unverified).
                unverified++;
                return Optional.empty();
            }
            return Optional.of("device signature does not verify with " + whose);
        }
        Optional<String> mismatch = firstMismatch(entry, report);
        if (mismatch.isEmpty()) {
            verified++;
        }
        return mismatch;
    }

    /** What the entry states differently from the report the device signed. */
    private static Optional<String> firstMismatch(LedgerEntry entry, InstallReport report) {
        if (!report.deviceId().equals(entry.deviceId())) {
            return differs("deviceId", report.deviceId(), entry.deviceId());
        }
        if (!Objects.equals(report.rolloutId(), entry.rolloutId())) {
            return differs("rolloutId", report.rolloutId(), entry.rolloutId());
        }
        if (!Objects.equals(report.releaseId(), entry.releaseId())) {
            return differs("releaseId", report.releaseId(), entry.releaseId());
        }
        String status = entry.detailText("status");
        // A success on an intermediate release is stored as STEPPED; the device signed a success all the same.
        boolean success = "SUCCESS".equals(status) || "STEPPED".equals(status);
        if (!success && !"FAILURE".equals(status)) {
            return Optional.of("status " + status + " carries a signed report, which only final reports have");
        }
        if (success != report.succeeded()) {
            return differs("status", report.succeeded() ? "SUCCESS" : "FAILURE", status);
        }
        return Optional.empty();
    }

    private static Optional<String> differs(String field, Object signed, Object stated) {
        return Optional.of("the device signed " + field + " " + signed + ", the entry states " + stated);
    }
}
