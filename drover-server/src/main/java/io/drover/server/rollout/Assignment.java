package io.drover.server.rollout;

import io.drover.safety.RolloutSafety;
import java.util.List;

/**
 * What a device is asked to install: a rollout's release, with where to fetch its envelope and artifacts, and the
 * rollout's safety conditions (null: none), which the device's agent judges before it installs.
 *
 * @param envelopeSha256 the SHA-256 of the envelope's bytes, by which a device behind a gateway asks the gateway for it
 */
public record Assignment(long rolloutId, long releaseId, long sequenceNumber, String envelopeUrl,
        String envelopeSha256, List<AssignedArtifact> artifacts, RolloutSafety safety) {
    public Assignment {
        artifacts = List.copyOf(artifacts);
    }

    /**
     * One artifact of the assigned release, and, when the device runs an image the server made a delta from, that
     * delta (else null).
     */
    public record AssignedArtifact(String component, String sha256, long size, String url, DeltaOffer delta) {
        public AssignedArtifact(String component, String sha256, long size, String url) {
            this(component, sha256, size, url, null);
        }

        public AssignedArtifact withDelta(DeltaOffer offer) {
            return new AssignedArtifact(component, sha256, size, url, offer);
        }
    }

    /**
     * A delta that turns the image the device runs (base SHA-256 and size) into this artifact: an artifact of its own
     * (SHA-256, size, url), downloaded like any other. The artifact's digest stays what the device checks the result
     * against.
     */
    public record DeltaOffer(String sha256, long size, String url, String baseSha256, long baseSize) {}

    public Assignment withArtifacts(List<AssignedArtifact> replaced) {
        return new Assignment(rolloutId, releaseId, sequenceNumber, envelopeUrl, envelopeSha256, replaced, safety);
    }

    /**
     * A strong validator for the check-in answer: releases and a rollout's safety conditions are immutable, so these
     * two ids fix the whole answer, but for the deltas offered, which become available later and are named by digest.
     */
    public String etag() {
        StringBuilder deltas = new StringBuilder();
        artifacts.stream().filter(a -> a.delta() != null)
                .forEach(a -> deltas.append('+').append(a.delta().sha256(), 0, 16));
        return "\"r" + rolloutId + "." + releaseId + deltas + "\"";
    }

    public static final String NONE_ETAG = "\"idle\"";
}
