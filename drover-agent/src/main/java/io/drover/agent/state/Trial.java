package io.drover.agent.state;

import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.suit.report.ManifestReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A release written into {@code slot} and swapped in on trial: it becomes active only once the health check
 * passes. Everything needed to finish the trial after a restart is here.
 *
 * @param manifest the URI and digest of the release's manifest, which the final report names
 * @param inventory the device's inventory if the trial commits
 * @param images the digest of every image in {@code slot} whose content the agent knows
 * @param healthChecksStarted how many times a health check of this trial was started; a trial whose checks keep
 *     being cut short by restarts is rolled back instead of being retried forever
 * @param boots how many times an agent started while this trial was pending: a device whose new slot keeps it from
 *     reaching its health check (it reboots first) is rolled back too, like a bootloader's boot counter
 */
public record Trial(
        SlotId slot,
        long rolloutId,
        long releaseId,
        long sequenceNumber,
        ManifestReference manifest,
        Map<String, String> inventory,
        Map<String, ImageDigest> images,
        Instant startedAt,
        int healthChecksStarted,
        int boots) {

    public Trial {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(manifest, "manifest");
        inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        images = Map.copyOf(Objects.requireNonNull(images, "images"));
        Objects.requireNonNull(startedAt, "startedAt");
        if (healthChecksStarted < 0) {
            throw new IllegalArgumentException("healthChecksStarted must not be negative");
        }
        if (boots < 0) {
            throw new IllegalArgumentException("boots must not be negative");
        }
    }

    /** A trial no agent has started on yet. */
    public Trial(SlotId slot, long rolloutId, long releaseId, long sequenceNumber, ManifestReference manifest,
            Map<String, String> inventory, Map<String, ImageDigest> images, Instant startedAt,
            int healthChecksStarted) {
        this(slot, rolloutId, releaseId, sequenceNumber, manifest, inventory, images, startedAt, healthChecksStarted,
                0);
    }

    public Trial withHealthCheckStarted() {
        return new Trial(slot, rolloutId, releaseId, sequenceNumber, manifest, inventory, images, startedAt,
                healthChecksStarted + 1, boots);
    }

    public Trial withBoot() {
        return new Trial(slot, rolloutId, releaseId, sequenceNumber, manifest, inventory, images, startedAt,
                healthChecksStarted, boots + 1);
    }
}
