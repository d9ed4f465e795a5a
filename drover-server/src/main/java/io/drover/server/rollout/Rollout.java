package io.drover.server.rollout;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A release assigned to every device of its class, with how many devices reported each status so far
 * ({@code devicesInClass} counts the target; devices that have not reported are not in {@code reports}).
 */
public record Rollout(long id, long releaseId, String className, RolloutStatus status, long devicesInClass,
        Map<ReportStatus, Long> reports, Instant createdAt) {
    public Rollout {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(status, "status");
        reports = Map.copyOf(reports);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
