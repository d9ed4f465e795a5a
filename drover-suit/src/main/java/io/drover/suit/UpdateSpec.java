package io.drover.suit;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a release installs on one device class: the images of the components it changes, under one sequence number.
 *
 * @param vendorId       the SUIT vendor identifier every device of the class must match
 * @param classId        the SUIT class identifier every device of the class must match
 * @param sequenceNumber the manifest sequence number; devices refuse one not above what they have
 * @param images         at least one image, component names unique
 */
public record UpdateSpec(UUID vendorId, UUID classId, long sequenceNumber, List<ImageSpec> images) {
    public UpdateSpec {
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(classId, "classId");
        if (sequenceNumber < 0) {
            throw new IllegalArgumentException("sequenceNumber must not be negative: " + sequenceNumber);
        }
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one image");
        }
        var names = new HashSet<String>();
        for (ImageSpec image : images) {
            if (!names.add(image.component())) {
                throw new IllegalArgumentException("component named twice: " + image.component());
            }
        }
    }
}
