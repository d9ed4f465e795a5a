package io.drover.server.rollout;

import io.drover.safety.RolloutSafety;
import java.util.List;

/**
 * What a device is asked to install: a rollout's release, with where to fetch its envelope and artifacts, and the
 * rollout's safety conditions (null: none), which the device's agent judges before it installs.
 */
public record Assignment(long rolloutId, long releaseId, long sequenceNumber, String envelopeUrl,
        List<AssignedArtifact> artifacts, RolloutSafety safety) {
    public Assignment {
        artifacts = List.copyOf(artifacts);
    }

    /** One artifact of the assigned release. */
    public record AssignedArtifact(String component, String sha256, long size, String url) {}

    /**
     * A strong validator for the check-in answer: releases and a rollout's safety conditions are immutable, so these
     * two ids fix the whole answer.
     */
    public String etag() {
        return "\"r" + rolloutId + "." + releaseId + "\"";
    }

    public static final String NONE_ETAG = "\"idle\"";
}
