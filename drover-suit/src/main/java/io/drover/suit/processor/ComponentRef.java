package io.drover.suit.processor;

import io.drover.suit.ComponentId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A place the processor reads or writes: a component, and the slot named by the component-slot parameter when the
 * manifest sets one (A/B images).
 */
public record ComponentRef(ComponentId id, OptionalLong slot) {
    public ComponentRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slot, "slot");
        if (slot.isPresent() && slot.getAsLong() < 0) {
            throw new IllegalArgumentException("a slot is unsigned: " + slot.getAsLong());
        }
    }

    public static ComponentRef of(ComponentId id) {
        return new ComponentRef(id, OptionalLong.empty());
    }

    @Override
    public String toString() {
        return id.displayName() + (slot.isPresent() ? "@" + slot.getAsLong() : "");
    }
}
