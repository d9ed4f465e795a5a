package io.drover.server.ledger;

import io.drover.ledger.PublishedTreeHead;
import java.time.Instant;
import java.util.List;

/**
 * The ledger's answer to "which devices ran release R between T1 and T2": each device whose successful install of R
 * happened before T2 and was not replaced (by another release's install, or a rollback of R) before T1. Every entry
 * referred to is in {@code entries} with its inclusion proof in {@code head}.
 *
 * @param truncated whether more devices qualify than the answer's limit
 */
public record ReleaseDevices(long releaseId, Instant from, Instant to, PublishedTreeHead head, Long releaseEntry,
        List<DeviceRun> devices, boolean truncated, List<ProvenEntry> entries) {

    /** When a device started running the release, and when it stopped (null: not before the head). */
    public record DeviceRun(String deviceId, Instant ranFrom, long installEntry, Instant ranUntil, Long endEntry) {}
}
