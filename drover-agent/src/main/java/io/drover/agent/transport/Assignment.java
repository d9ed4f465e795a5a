package io.drover.agent.transport;

import io.drover.safety.RolloutSafety;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The release the server wants this device to run, from a check-in answer.
 *
 * @param safety what the rollout requires before the device installs, on top of the agent's own policy; null (or
 *     left out by a server that predates it) for nothing
 */
public record Assignment(long rolloutId, long releaseId, long sequenceNumber, String envelopeUrl,
        List<Artifact> artifacts, RolloutSafety safety) {
    public Assignment {
        Objects.requireNonNull(envelopeUrl, "envelopeUrl");
        artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
    }

    /** An assignment from a rollout without safety conditions. */
    public Assignment(long rolloutId, long releaseId, long sequenceNumber, String envelopeUrl,
            List<Artifact> artifacts) {
        this(rolloutId, releaseId, sequenceNumber, envelopeUrl, artifacts, null);
    }

    public Optional<RolloutSafety> rolloutSafety() {
        return Optional.ofNullable(safety);
    }
}
