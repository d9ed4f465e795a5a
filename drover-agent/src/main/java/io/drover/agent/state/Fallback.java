package io.drover.agent.state;

import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.suit.report.ManifestReference;
import java.util.Map;
import java.util.Objects;

/**
 * The release committed just before the current one, as it was committed: its images stay in {@code slot} (now the
 * inactive one) until the next download writes there, and {@code images} are their digests, which say whether they
 * still do. Only this one release is kept, so a rollback can return a device one step, never further back.
 */
public record Fallback(
        SlotId slot,
        long installedSequence,
        Long installedReleaseId,
        ManifestReference installedManifest,
        Map<String, String> inventory,
        Map<String, ImageDigest> images) {

    public Fallback {
        Objects.requireNonNull(slot, "slot");
        inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        images = Map.copyOf(Objects.requireNonNull(images, "images"));
        if (installedReleaseId != null && installedManifest == null) {
            throw new IllegalArgumentException("an installed release needs its manifest reference");
        }
    }
}
