package io.drover.server.rollout;

import java.time.Instant;

/**
 * One status a device reached on a rollout, as the server recorded it at {@code recordedAt}: the release it is about
 * (the rollout's own or a step towards it) and that release's sequence number, the device's wave (1 for the first),
 * the reason the device or the server gave, and whether a signed final report verified against the device's identity
 * key. {@code id} orders a device's history and pages it ({@code before}).
 */
public record DeviceHistoryEntry(long id, long rolloutId, long releaseId, long releaseSequence, int wave,
        ReportStatus status, String reason, boolean verified, Instant recordedAt) {}
