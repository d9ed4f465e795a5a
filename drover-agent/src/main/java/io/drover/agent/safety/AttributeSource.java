package io.drover.agent.safety;

import java.io.IOException;
import java.util.Optional;

/**
 * Platform hook: the device attributes its application knows (in_depot, battery_percent …), read fresh on every
 * call so that a change is seen at the next cycle. {@link PropertiesAttributeSource} is the file-backed default.
 */
@FunctionalInterface
public interface AttributeSource {
    /** The attribute's current value, or empty when the device does not report it. */
    Optional<String> attribute(String name) throws IOException;
}
