package io.drover.server.ledger;

import io.drover.ledger.PublishedTreeHead;
import java.time.Instant;
import java.util.List;

/**
 * The ledger's answer to "what ran on device X at time T": each component's version and image, the release that
 * installed it, the keys that signed that release and who trusted them, the rollout that delivered it with its creator
 * and approvers; every entry referred to (by index) is in {@code entries} with its inclusion proof in {@code head}.
 *
 * @param lastReportEntry the device's last install report at or before T (null when it made none: then nothing is
 *     known of what it ran)
 */
public record DeviceAtTime(String deviceId, Instant at, PublishedTreeHead head, Long lastReportEntry,
        List<RunningComponent> components, List<ProvenEntry> entries) {

    /**
     * One component as the device's last report states it, and where it came from: the latest successful install at
     * or before T whose release carried this very version (null fields when no release in the ledger did).
     */
    public record RunningComponent(String component, String version, String sha256, Long releaseId,
            Instant installedAt, Long installEntry, Long releaseEntry, List<Signer> signers, RolloutRecord rollout) {}

    /** A key that signed the release, and its registration as a trusted signer. */
    public record Signer(String keyId, String registeredBy, Instant registeredAt, Long entry) {}

    /** The rollout that delivered the release, who created it and who approved it. */
    public record RolloutRecord(long rolloutId, String createdBy, Long createdEntry, List<Approval> approvals) {}

    public record Approval(String by, Instant at, long entry) {}
}
