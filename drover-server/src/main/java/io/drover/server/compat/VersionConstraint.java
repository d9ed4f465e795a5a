package io.drover.server.compat;

import java.util.Map;
import java.util.Objects;

/** {@code component comparison version}, e.g. {@code os >= 1.4}. */
public record VersionConstraint(String component, Comparison comparison, Version bound) {
    public VersionConstraint {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(bound, "bound");
    }

    /**
     * Whether {@code inventory} (component → version) satisfies this; a component it lacks, or reports with no usable
     * version, satisfies nothing.
     */
    public boolean heldBy(Map<String, String> inventory) {
        String version = inventory.get(component);
        return Version.isValid(version) && comparison.holds(Version.of(version), bound);
    }

    @Override
    public String toString() {
        return component + " " + comparison.symbol() + " " + bound;
    }
}
