package io.drover.server.delta;

import io.drover.server.artifact.ArtifactService;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.FleetService;
import io.drover.server.release.ReleaseService;
import io.drover.server.rollout.Assignment;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.ComponentManifest;
import io.drover.suit.SuitEnvelope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Adds delta offers to an assignment. An artifact gets one when it is a plaintext image, the device reported running
 * another image of that component, that image is an earlier release's image of the component in the device's class
 * (so the server holds it), and the pair's delta is made and small enough ({@link DeltaGenerator#MAX_SHARE}). A pair
 * not yet made is asked of the {@link DeltaGenerator} and offered at a later check-in. A device that reported no
 * digest, or runs an image the server never released, gets the full image only.
 */
public final class DeltaOffers implements AutoCloseable {
    private final DeltaStore store;
    private final DeltaGenerator generator;
    private final ReleaseService releases;
    private final FleetService fleet;
    private final Clock clock;
    /** By release id, the digests of its plaintext images: releases never change once stored. */
    private final Map<Long, Set<String>> plaintextImages = new ConcurrentHashMap<>();

    public DeltaOffers(Jdbi jdbi, ArtifactService artifacts, ReleaseService releases, FleetService fleet,
            Clock clock) {
        this.store = new DeltaStore(jdbi);
        this.generator = new DeltaGenerator(store, artifacts, clock);
        this.releases = releases;
        this.fleet = fleet;
        this.clock = clock;
    }

    /** {@code assignment} with the deltas this device can use, read inside the caller's transaction. */
    public Assignment withOffers(Handle h, AuthenticatedDevice device, Assignment assignment) {
        Map<String, String> running = fleet.imageDigests(h, device.id());
        if (running.isEmpty()) {
            return assignment;
        }
        List<Assignment.AssignedArtifact> offered = new ArrayList<>();
        for (Assignment.AssignedArtifact artifact : assignment.artifacts()) {
            offered.add(offer(h, device, assignment.releaseId(), artifact, running.get(artifact.component()))
                    .map(artifact::withDelta).orElse(artifact));
        }
        return assignment.withArtifacts(offered);
    }

    private Optional<Assignment.DeltaOffer> offer(Handle h, AuthenticatedDevice device, long releaseId,
            Assignment.AssignedArtifact artifact, String base) {
        if (base == null || base.equals(artifact.sha256())
                || !plaintextImages(h, releaseId).contains(artifact.sha256())) {
            return Optional.empty();
        }
        Optional<Long> baseSize = earlierImage(h, device.classDbId(), artifact.component(), base);
        if (baseSize.isEmpty()) {
            return Optional.empty();
        }
        Optional<StoredDelta> stored = store.find(h, base, artifact.sha256());
        if (stored.isEmpty() || stored.get().status() == DeltaStatus.PENDING
                && stored.get().claimedAt().isBefore(clock.instant().minus(DeltaGenerator.CLAIM_TIMEOUT))) {
            generator.request(base, artifact.sha256());
            return Optional.empty();
        }
        StoredDelta delta = stored.get();
        if (delta.status() != DeltaStatus.READY) {
            return Optional.empty();
        }
        return Optional.of(new Assignment.DeltaOffer(delta.deltaSha256(), delta.deltaSize(),
                new ArtifactAddress(delta.deltaSha256()).uri(), base, baseSize.get()));
    }

    /** The size of {@code sha256} if it is the image of {@code component} in an earlier release of the class. */
    private static Optional<Long> earlierImage(Handle h, long classDbId, String component, String sha256) {
        return h.createQuery("SELECT rc.size_bytes FROM release_component rc JOIN release r ON r.id = rc.release_id "
                        + "WHERE r.device_class_id = :cls AND rc.component = :component AND rc.sha256 = :sha")
                .bind("cls", classDbId).bind("component", component).bind("sha", sha256)
                .mapTo(Long.class).findFirst();
    }

    /**
     * The images of a release the server holds as plaintext: those of its manifest's components without encryption
     * info, whose artifact is the image itself. An encrypted component's artifact is its ciphertext, of which no delta
     * could make the plaintext the manifest signs.
     */
    private Set<String> plaintextImages(Handle h, long releaseId) {
        return plaintextImages.computeIfAbsent(releaseId, id -> SuitEnvelope.decode(releases.envelope(h, id))
                .manifest().components().stream()
                .filter(c -> c.encryptionInfo().isEmpty() && c.imageSha256().isPresent())
                .map(ComponentManifest::imageSha256).map(Optional::get)
                .map(HexFormat.of()::formatHex)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** Lets the generator finish what it makes, then stops it. */
    @Override
    public void close() {
        generator.close();
    }
}
