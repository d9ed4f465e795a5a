package io.drover.agent.health;

import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotView;
import java.util.Map;
import java.util.Objects;

/**
 * The slot being tried, as a health check sees it.
 *
 * @param sequenceNumber the manifest sequence number of the release on trial
 * @param expectedImages the digest of each image the slot must hold, from the verified manifest (and, for
 *     components the release did not change, from the previous install)
 */
public record TrialSlot(SlotView slot, long sequenceNumber, Map<String, ImageDigest> expectedImages) {
    public TrialSlot {
        Objects.requireNonNull(slot, "slot");
        expectedImages = Map.copyOf(Objects.requireNonNull(expectedImages, "expectedImages"));
    }
}
