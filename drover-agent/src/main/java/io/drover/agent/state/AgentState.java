package io.drover.agent.state;

import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.transport.Report;
import io.drover.suit.report.ManifestReference;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the agent must remember across a restart. Nullable components are absent facts, written as JSON null.
 *
 * @param activeSlot the slot holding the committed images; during a trial it is still the one to fall back to
 * @param installedSequence the manifest sequence number of what is committed (0 for the factory image); a release
 *     must carry a higher one
 * @param installedReleaseId the server's id of the committed release, null for the factory image
 * @param installedManifest the URI and digest of the committed release's manifest, null for the factory image
 * @param inventory component to version of what is committed
 * @param images digests of the active slot's images: those the agent wrote, and the factory's, measured once when
 *     the agent first started
 * @param trial the release on trial, or null
 * @param etag the check-in ETag of the last answer the agent finished acting on, or null
 * @param pendingReport a final report not yet accepted by the server, or null
 * @param refusedReleaseId the release last rejected or rolled back; it is not tried again, or null
 * @param fallback the release committed before the installed one, which a rollback the server orders returns to;
 *     null for none (the factory image was never replaced, or the device rolled back already)
 */
public record AgentState(
        SlotId activeSlot,
        long installedSequence,
        Long installedReleaseId,
        ManifestReference installedManifest,
        Map<String, String> inventory,
        Map<String, ImageDigest> images,
        Trial trial,
        String etag,
        Report pendingReport,
        Long refusedReleaseId,
        Fallback fallback) {

    public AgentState {
        Objects.requireNonNull(activeSlot, "activeSlot");
        inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        images = Map.copyOf(Objects.requireNonNull(images, "images"));
        if (installedSequence < 0) {
            throw new IllegalArgumentException("installedSequence must not be negative");
        }
        if (installedReleaseId != null && installedManifest == null) {
            throw new IllegalArgumentException("an installed release needs its manifest reference");
        }
        if (trial != null && trial.slot() == activeSlot) {
            throw new IllegalArgumentException("the trial slot must be the inactive one");
        }
        if (fallback != null && fallback.slot() == activeSlot) {
            throw new IllegalArgumentException("the fallback slot must be the inactive one");
        }
    }

    /** A state with no release to fall back to. */
    public AgentState(SlotId activeSlot, long installedSequence, Long installedReleaseId,
            ManifestReference installedManifest, Map<String, String> inventory, Map<String, ImageDigest> images,
            Trial trial, String etag, Report pendingReport, Long refusedReleaseId) {
        this(activeSlot, installedSequence, installedReleaseId, installedManifest, inventory, images, trial, etag,
                pendingReport, refusedReleaseId, null);
    }

    /** A device as it leaves the factory: slot A active, nothing installed by the agent yet. */
    public static AgentState factory(Map<String, String> inventory) {
        return new AgentState(SlotId.A, 0, null, null, inventory, Map.of(), null, null, null, null);
    }

    /** This state knowing the digests of {@code measured} images of the active slot. */
    public AgentState withImages(Map<String, ImageDigest> measured) {
        return new AgentState(activeSlot, installedSequence, installedReleaseId, installedManifest, inventory, measured,
                trial, etag, pendingReport, refusedReleaseId, fallback);
    }

    public AgentState withTrial(Trial newTrial) {
        return new AgentState(activeSlot, installedSequence, installedReleaseId, installedManifest, inventory, images,
                newTrial, etag, pendingReport, refusedReleaseId, fallback);
    }

    /** The trial becomes the committed state; what was committed becomes the fallback. */
    public AgentState committed() {
        Objects.requireNonNull(trial, "no trial to commit");
        return new AgentState(trial.slot(), trial.sequenceNumber(), trial.releaseId(), trial.manifest(),
                trial.inventory(), trial.images(), null, etag, pendingReport, refusedReleaseId,
                new Fallback(activeSlot, installedSequence, installedReleaseId, installedManifest, inventory, images));
    }

    /**
     * The fallback becomes the committed state again, as the server ordered; there is no fallback after it, so a
     * device goes back one release at most. The release left is not refused: it passed every check, and should its
     * rollout run again it is installed anew.
     */
    public AgentState revertedToFallback() {
        Objects.requireNonNull(fallback, "no release to fall back to");
        if (trial != null) {
            throw new IllegalStateException("a trial is pending");
        }
        return new AgentState(fallback.slot(), fallback.installedSequence(), fallback.installedReleaseId(),
                fallback.installedManifest(), fallback.inventory(), fallback.images(), null, etag, pendingReport,
                refusedReleaseId, null);
    }

    /** The trial is abandoned; the active slot stays, and the release is not tried again. */
    public AgentState rolledBack() {
        Objects.requireNonNull(trial, "no trial to roll back");
        return new AgentState(activeSlot, installedSequence, installedReleaseId, installedManifest, inventory, images,
                null, etag, pendingReport, trial.releaseId(), fallback);
    }

    public AgentState withEtag(String newEtag) {
        return new AgentState(activeSlot, installedSequence, installedReleaseId, installedManifest, inventory, images,
                trial, newEtag, pendingReport, refusedReleaseId, fallback);
    }

    public AgentState withPendingReport(Report report) {
        return new AgentState(activeSlot, installedSequence, installedReleaseId, installedManifest, inventory, images,
                trial, etag, report, refusedReleaseId, fallback);
    }

    public AgentState withRefusedRelease(long releaseId) {
        return new AgentState(activeSlot, installedSequence, installedReleaseId, installedManifest, inventory, images,
                trial, etag, pendingReport, releaseId, fallback);
    }
}
