package io.drover.agent;

import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotImages;
import io.drover.agent.slot.SlotStore;
import io.drover.agent.state.AgentState;
import io.drover.agent.state.StateStore;
import java.io.IOException;
import java.util.Map;

/** The state an agent starts from: what it saved, or the factory's. */
final class StartingState {
    private StartingState() {}

    /**
     * The saved state (or the factory state), with this start counted as a boot of a pending trial and the images
     * measured that were never measured; what changed is saved before the agent does anything else.
     */
    static AgentState load(StateStore store, SlotStore slots, Map<String, String> factoryInventory)
            throws IOException {
        AgentState initial = store.load().orElseGet(() -> AgentState.factory(factoryInventory));
        if (initial.trial() != null) {
            // Counted before anything else runs: a slot that takes the device down at once still counts.
            initial = initial.withTrial(initial.trial().withBoot());
            store.save(initial);
        }
        // The factory's images are measured once, so that reports name every image by its digest.
        Map<String, ImageDigest> images = SlotImages.withUnknownMeasured(slots, initial.activeSlot(), initial.images());
        if (!images.equals(initial.images())) {
            initial = initial.withImages(images);
            store.save(initial);
        }
        return initial;
    }
}
