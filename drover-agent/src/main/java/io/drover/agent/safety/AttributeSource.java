package io.drover.agent.safety;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Platform hook: the device attributes its application knows (in_depot, battery_percent …), read fresh on every
 * call so that a change is seen at the next cycle. {@link PropertiesAttributeSource} is the file-backed default.
 */
@FunctionalInterface
public interface AttributeSource {
    /** The attribute's current value, or empty when the device does not report it. */
    Optional<String> attribute(String name) throws IOException;

    /**
     * Every attribute the device has now, which the agent reports to its server so that rollouts can target the
     * device by them. Default: none, for a source that answers only what it is asked.
     */
    default Map<String, String> all() throws IOException {
        return Map.of();
    }

    /** Attributes that never change (an emulated device's, a test's). */
    static AttributeSource of(Map<String, String> attributes) {
        Map<String, String> fixed = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        return new AttributeSource() {
            @Override
            public Optional<String> attribute(String name) {
                return Optional.ofNullable(fixed.get(name));
            }

            @Override
            public Map<String, String> all() {
                return fixed;
            }

            @Override
            public String toString() {
                return "attributes " + fixed;
            }
        };
    }
}
