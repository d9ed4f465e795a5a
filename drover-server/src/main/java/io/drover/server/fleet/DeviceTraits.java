package io.drover.server.fleet;

import io.drover.error.DroverException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What rollouts can target a device by: the attributes it reports about itself ({@code region}, {@code line},
 * {@code in_depot} …) and the groups an operator put it in.
 */
public record DeviceTraits(Map<String, String> attributes, Set<String> groups) {
    public static final int MAX_ATTRIBUTES = 64;
    public static final int MAX_VALUE_LENGTH = 200;
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,99}");

    public DeviceTraits {
        attributes = Map.copyOf(attributes);
        groups = Set.copyOf(groups);
    }

    /** Checks attributes a device reported: at most 64, names like identifiers, values of 0 to 200 characters. */
    public static Map<String, String> validAttributes(Map<String, String> attributes) {
        if (attributes == null) {
            throw new DroverException(FleetErrors.INVALID, "attributes must be a JSON object of names to text values");
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new DroverException(FleetErrors.INVALID, "a device may report at most " + MAX_ATTRIBUTES
                    + " attributes, got " + attributes.size());
        }
        attributes.forEach((name, value) -> {
            if (name == null || !ATTRIBUTE_NAME.matcher(name).matches() || name.equals("group")) {
                throw new DroverException(FleetErrors.INVALID, "attribute name '" + name + "' must start with a "
                        + "letter or '_', have at most 100 letters, digits, '_', '.' or '-', and not be 'group'");
            }
            if (value == null || value.length() > MAX_VALUE_LENGTH) {
                throw new DroverException(FleetErrors.INVALID, "attribute '" + name + "' must have a text value of at "
                        + "most " + MAX_VALUE_LENGTH + " characters");
            }
        });
        return Map.copyOf(attributes);
    }
}
