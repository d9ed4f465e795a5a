package io.drover.server.rollout;

import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.LedgerRecord;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.InventoryEntry;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger records of a device's part in a rollout: that it took its assignment (its first report on the rollout,
 * so that check-ins stay read-only), and each install report that changes what it runs, with the device's signed
 * report exactly as sent so that an auditor can check the device's signature without trusting the server.
 */
final class InstallRecords {
    private InstallRecords() {}

    static LedgerRecord assigned(String deviceId, StoredRollout rollout, long releaseId, int wave) {
        return new LedgerRecord(EntryKind.DEVICE_ASSIGNED, RolloutEvents.CONTROLLER, deviceId, releaseId, rollout.id(),
                Map.of("wave", wave + 1));
    }

    /** A final report (SUCCESS, FAILURE, ROLLED_BACK), stated by the device. */
    static LedgerRecord reported(AuthenticatedDevice device, long rolloutId, long releaseId, ReportStatus status,
            DeviceReport report, ReportSignatures.Signature signature) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status.name());
        details.put("reason", report.reason());
        InstallReport stated = signature.stated();
        details.put("deviceTime", stated == null ? null : stated.deviceTime().toString());
        details.put("before", stated == null ? null : inventory(stated.before()));
        details.put("after", stated == null ? inventory(report.inventory(), report.digests()) : inventory(stated.after()));
        details.put("signedReport", signature.signedReport() == null ? null
                : Base64.getEncoder().encodeToString(signature.signedReport()));
        details.put("signatureVerified", signature.verified());
        return new LedgerRecord(EntryKind.INSTALL_REPORTED, device.id(), device.id(), releaseId, rolloutId, details);
    }

    private static Map<String, Map<String, String>> inventory(Map<String, InventoryEntry> entries) {
        Map<String, Map<String, String>> inventory = new TreeMap<>();
        entries.forEach((component, entry) -> {
            Map<String, String> state = new LinkedHashMap<>();
            state.put("version", entry.version());
            entry.image().ifPresent(image -> state.put("sha256", image.sha256()));
            inventory.put(component, state);
        });
        return inventory;
    }

    private static Map<String, Map<String, String>> inventory(Map<String, String> versions, Map<String, String> digests) {
        Map<String, Map<String, String>> inventory = new TreeMap<>();
        if (versions != null) {
            versions.forEach((component, version) -> {
                Map<String, String> state = new LinkedHashMap<>();
                state.put("version", version);
                if (digests != null && digests.containsKey(component)) {
                    state.put("sha256", digests.get(component));
                }
                inventory.put(component, state);
            });
        }
        return inventory;
    }
}
