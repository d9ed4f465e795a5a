package io.drover.agent.slot;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/** Measuring the images of a slot. */
public final class SlotImages {
    private SlotImages() {}

    /**
     * {@code known} together with the digest of every image in {@code slot} it lacks, read from storage (the factory's
     * images, the first time an agent starts).
     */
    public static Map<String, ImageDigest> withUnknownMeasured(SlotStore slots, SlotId slot,
            Map<String, ImageDigest> known) throws IOException {
        Map<String, ImageDigest> images = new HashMap<>(known);
        for (String component : slots.components(slot)) {
            if (!images.containsKey(component)) {
                try (InputStream image = slots.open(slot, component)) {
                    images.put(component, ImageDigest.of(image));
                }
            }
        }
        return images;
    }
}
