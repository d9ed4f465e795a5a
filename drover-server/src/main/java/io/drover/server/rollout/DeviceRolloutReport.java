package io.drover.server.rollout;

import java.time.Instant;

/**
 * The latest report of one device on one rollout, and the wave (1 for the first) the device belongs to. For a final
 * report, {@code signedReport} is the base64 of the COSE_Sign1 the device sent (null when it sent none), and
 * {@code verified} says whether it verified against the device's identity key on record.
 */
public record DeviceRolloutReport(String deviceId, int wave, ReportStatus status, String reason, Instant updatedAt,
        String signedReport, boolean verified) {}
