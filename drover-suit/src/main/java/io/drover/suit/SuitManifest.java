package io.drover.suit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decoded manifest of an envelope: its sequence number, components with their effective parameters, and its
 * command sequences for inspection.
 */
public record SuitManifest(long version, long sequenceNumber, List<ComponentManifest> components,
        List<CommandSequence> sequences, Optional<String> referenceUri) {
    public SuitManifest {
        if (sequenceNumber < 0) {
            throw new IllegalArgumentException("sequenceNumber must not be negative: " + sequenceNumber);
        }
        components = List.copyOf(components);
        sequences = List.copyOf(sequences);
        Objects.requireNonNull(referenceUri, "referenceUri");
    }

    /** The component with this identifier, if the manifest lists it. */
    public Optional<ComponentManifest> component(ComponentId id) {
        return components.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
