package io.drover.agent.transport;

import java.util.List;
import java.util.Objects;

/** The release the server wants this device to run, from a check-in answer. */
public record Assignment(long rolloutId, long releaseId, long sequenceNumber, String envelopeUrl,
        List<Artifact> artifacts) {
    public Assignment {
        Objects.requireNonNull(envelopeUrl, "envelopeUrl");
        artifacts = List.copyOf(Objects.requireNonNull(artifacts, "artifacts"));
    }
}
