package io.drover.server.rollout;

import io.drover.error.DroverException;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceIdentity;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.release.ReleaseService;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.VerificationKey;
import io.drover.suit.report.CborBytes;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.InventoryEntry;
import io.drover.suit.report.ReportVerification;
import io.drover.suit.report.ReportVerifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Authenticates final reports. A device with an identity key on record must sign its SUCCESS and FAILURE reports
 * with that key, and the signed report must state what the request states: this device, the rollout, its release,
 * the result and reason, the inventory with its digests, and for a SUCCESS the manifest digest of the release.
 * Anything else is refused, so nothing unauthenticated is stored for such a device. A device with no key on record
 * (one that predates device identity, or whose key an operator cleared) is heard unsigned; a signature from it is
 * kept as sent, unverified.
 */
final class ReportSignatures {
    /**
     * What is stored with a report: the signed bytes exactly as received (null when unsigned), whether they verified,
     * and what the verified report states (null unless verified).
     */
    record Signature(byte[] signedReport, boolean verified, InstallReport stated) {
        static final Signature NONE = new Signature(null, false, null);
    }

    private final DeviceIdentityService identities;
    private final ReleaseService releases;
    /** Releases never change, so neither do their manifest digests. */
    private final Map<Long, CborBytes> manifestDigests = new ConcurrentHashMap<>();

    ReportSignatures(DeviceIdentityService identities, ReleaseService releases) {
        this.identities = identities;
        this.releases = releases;
    }

    /** Checks {@code report} of {@code device} on a rollout of release {@code releaseId}, inside the report's transaction. */
    Signature check(Handle h, AuthenticatedDevice device, DeviceReport report, long releaseId) {
        if (!report.isFinal()) {
            return Signature.NONE;
        }
        Optional<byte[]> signed = report.signedBytes();
        Optional<DeviceIdentity> identity = identities.find(h, device.id());
        if (identity.isEmpty()) {
            return signed.map(bytes -> new Signature(bytes, false, null)).orElse(Signature.NONE);
        }
        VerificationKey key = identity.get().key();
        byte[] bytes = signed.orElseThrow(() -> new DroverException(RolloutErrors.SIGNATURE_REQUIRED, "device '"
                + device.id() + "' has identity key " + key.keyId() + " on record: its " + report.status()
                + " report must be signed with it (signedReport)"));
        InstallReport stated = switch (ReportVerifier.create(List.of(key)).verify(bytes)) {
            case ReportVerification.Verified verified -> InstallReport.of(verified.report());
            case ReportVerification.Rejected rejected -> throw new DroverException(rejected.reason(),
                    "the signed report of device '" + device.id() + "' does not verify with its identity key "
                            + key.keyId() + ": " + rejected.message());
        };
        requireSame("device", stated.deviceId(), device.id());
        requireSame("rollout", stated.rolloutId(), report.rolloutId());
        requireSame("release", stated.releaseId(), releaseId);
        requireSame("status", stated.succeeded() ? ReportStatus.SUCCESS : ReportStatus.FAILURE, report.status());
        requireSame("reason", stated.reason().orElse(null), report.reason());
        requireSame("inventory", versions(stated.after()), report.inventory());
        requireSame("digests", digests(stated.after()), report.digests());
        if (stated.succeeded()) {
            requireSame("manifest digest", stated.manifest().digest(), manifestDigest(h, releaseId));
        }
        return new Signature(bytes, true, stated);
    }

    private CborBytes manifestDigest(Handle h, long releaseId) {
        return manifestDigests.computeIfAbsent(releaseId,
                id -> new CborBytes(SuitEnvelope.decode(releases.envelope(h, id)).manifestDigest()));
    }

    private static void requireSame(String what, Object signed, Object stated) {
        if (!Objects.equals(signed, stated)) {
            throw new DroverException(RolloutErrors.SIGNED_CONTENT_MISMATCH, "the signed report states " + what + " "
                    + signed + ", the request " + stated);
        }
    }

    private static Map<String, String> versions(Map<String, InventoryEntry> inventory) {
        var versions = new HashMap<String, String>();
        inventory.forEach((component, entry) -> versions.put(component, entry.version()));
        return versions;
    }

    private static Map<String, String> digests(Map<String, InventoryEntry> inventory) {
        var digests = new HashMap<String, String>();
        inventory.forEach((component, entry) -> entry.image().ifPresent(i -> digests.put(component, i.sha256())));
        return digests;
    }
}
