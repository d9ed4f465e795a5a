package io.drover.agent.transport;

import io.drover.safety.RolloutSafety;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The release the server wants this device to run, from a check-in answer.
 *
 * @param envelopeSha256 the SHA-256 of the envelope's bytes (64 lowercase hex digits), by which a gateway serves
 *     it; null from a server that predates it
 * @param safety what the rollout requires before the device installs, on top of the agent's own policy; null (or
 *     left out by a server that predates it) for nothing
 */
public record Assignment(long rolloutId, long releaseId, long sequenceNumber, String envelopeUrl,
        String envelopeSha256, List<Artifact> artifacts, RolloutSafety safety) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public Assignment {
        Objects.requireNonNull(envelopeUrl, "envelopeUrl");
        if (envelopeSha256 != null && !SHA256_HEX.matcher(envelopeSha256).matches()) {
            throw new IllegalArgumentException("envelopeSha256 must be 64 lowercase hex digits: " + envelopeSha256);
        }
        artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
    }

    /** An assignment from a rollout without safety conditions, not naming its envelope's digest. */
    public Assignment(long rolloutId, long releaseId, long sequenceNumber, String envelopeUrl,
            List<Artifact> artifacts) {
        this(rolloutId, releaseId, sequenceNumber, envelopeUrl, null, artifacts, null);
    }

    public Optional<String> envelopeDigest() {
        return Optional.ofNullable(envelopeSha256);
    }

    public Optional<RolloutSafety> rolloutSafety() {
        return Optional.ofNullable(safety);
    }
}
