package io.drover.server.rollout;

import io.drover.error.DroverException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A device's report on a rollout: the release it is about ({@code releaseId}: the rollout's own, or an intermediate
 * release the server assigned as a step towards it; left out, the rollout's own), its status, why it failed, retries
 * waits or rolled back (a FAILURE, RETRYING, WAITING or ROLLED_BACK report must say), what it runs now (component →
 * version) and the SHA-256 of those images it knows ({@code digests}). A final report (SUCCESS or FAILURE) and a
 * ROLLED_BACK one must carry the inventory, and a final one from a device with an identity key on record also
 * {@code signedReport}: the base64 of the COSE_Sign1 around the SUIT_Report that states the same (see
 * {@link ReportSignatures}).
 */
public record DeviceReport(Long rolloutId, Long releaseId, ReportStatus status, String reason,
        Map<String, String> inventory, Map<String, String> digests, String signedReport) {
    private static final int MAX_REASON = 1000;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** A signed report holds a few hundred bytes per component; this bounds what a device can make the server store. */
    private static final int MAX_SIGNED_REPORT_CHARS = 64 * 1024;

    public DeviceReport {
        if (rolloutId == null || status == null) {
            throw invalid("a report needs a rolloutId and a status");
        }
        if (status.decidedByServer()) {
            throw invalid(status + " is decided by the server; a device cannot report it");
        }
        if (reason != null && reason.length() > MAX_REASON) {
            throw invalid("a report's reason may have at most " + MAX_REASON + " characters");
        }
        if (status.needsReason() && (reason == null || reason.isBlank())) {
            throw invalid("a " + status + " report needs a reason");
        }
        if (status.needsInventory() && (inventory == null || inventory.isEmpty())) {
            throw invalid("a " + status + " report must list the device's inventory");
        }
        inventory = inventory == null ? Map.of() : Map.copyOf(inventory);
        digests = digests == null ? Map.of() : digests;
        for (var digest : digests.entrySet()) {
            if (!inventory.containsKey(digest.getKey())) {
                throw invalid("digests names " + digest.getKey() + ", which the inventory does not list");
            }
            if (digest.getValue() == null || !SHA256_HEX.matcher(digest.getValue()).matches()) {
                throw invalid("the digest of " + digest.getKey() + " must be a SHA-256 in 64 lowercase hex digits");
            }
        }
        digests = Map.copyOf(digests);
        if (signedReport != null) {
            if (!status.isFinal()) {
                throw invalid("only SUCCESS and FAILURE reports are signed, not " + status);
            }
            if (signedReport.length() > MAX_SIGNED_REPORT_CHARS) {
                throw invalid("a signed report may have at most " + MAX_SIGNED_REPORT_CHARS + " base64 characters");
            }
            decode(signedReport);
        }
    }

    /** SUCCESS and FAILURE end a device's part in a rollout; only they carry the inventory and a signature. */
    public boolean isFinal() {
        return status.isFinal();
    }

    /** The signed report's bytes, when the device sent one. */
    public Optional<byte[]> signedBytes() {
        return Optional.ofNullable(signedReport).map(DeviceReport::decode);
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid("signedReport is not base64: " + e.getMessage());
        }
    }

    private static DroverException invalid(String message) {
        return new DroverException(RolloutErrors.INVALID_REPORT, message);
    }
}
