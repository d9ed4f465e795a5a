package io.drover.server.rollout;

import io.drover.safety.RolloutSafety;
import io.drover.server.rollout.wave.WavePlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rollout as it stands: where it is in its waves and how many devices reported what, read from counters (the
 * cost does not grow with the fleet).
 *
 * @param statusReason why it was halted, paused or cancelled; null while running normally
 * @param currentWave 1 for the first wave
 * @param next what the current wave waits for before it moves on, as the controller sees it now; null unless running
 * @param reports all waves' devices per reported status
 * @param rehearsal what a rehearsal must show before wave 1 starts; null when the rollout requires none
 * @param lastRehearsal the latest rehearsal result recorded, with the server's verdict; null before the first
 * @param safety what a device must meet before it installs; null for nothing
 * @param createdBy who created the rollout; null for rollouts created before users existed
 * @param approval what the two-person rule asks of it and who approved it; null when it changes no critical component
 */
public record Rollout(long id, long releaseId, String className, RolloutStatus status, String statusReason,
        String filter, int priority, WavePlan plan, int currentWave, Instant waveStartedAt, String next,
        List<WaveStatus> waves, Map<ReportStatus, Long> reports, Instant createdAt,
        RehearsalRequirement rehearsal, RecordedRehearsal lastRehearsal, RolloutSafety safety, String createdBy,
        Approval approval) {
    public Rollout {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(status, "status");
        waves = List.copyOf(waves);
        reports = Map.copyOf(reports);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
