package io.drover.server.rollout;

import java.time.Instant;

/**
 * The latest status of one device on one rollout, the wave (1 for the first) the device belongs to, and the release
 * the status is about: the rollout's own, or an intermediate release the device installs on its way there. For a
 * final report, {@code signedReport} is the base64 of the COSE_Sign1 the device sent (null when it sent none), and
 * {@code verified} says whether it verified against the device's identity key on record.
 */
public record DeviceRolloutReport(String deviceId, int wave, ReportStatus status, long releaseId, String reason,
        Instant updatedAt, String signedReport, boolean verified) {}
