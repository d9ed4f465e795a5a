package io.drover.server.rollout;

import java.time.Instant;

/** The latest report of one device on one rollout. */
public record DeviceRolloutReport(String deviceId, ReportStatus status, String reason, Instant updatedAt) {}
