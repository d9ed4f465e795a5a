package io.drover.server.fleet;

import io.drover.error.DroverException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A request to define a device class.
 *
 * @param criticality the level of those components that are not {@link Criticality#DEFAULT}, by component name
 *     ({@code {"bootloader":"critical"}}); null or empty when all are
 */
public record NewDeviceClass(String name, UUID vendorId, UUID classId, List<String> components,
        Map<String, String> criticality) {
    public NewDeviceClass {
        Names.require("class name", name);
        if (vendorId == null || classId == null) {
            throw new DroverException(FleetErrors.INVALID, "a device class needs a vendorId and a classId (UUIDs)");
        }
        if (components == null || components.isEmpty()) {
            throw new DroverException(FleetErrors.INVALID, "a device class needs at least one component");
        }
        components.forEach(c -> Names.require("component name", c));
        if (new HashSet<>(components).size() != components.size()) {
            throw new DroverException(FleetErrors.INVALID, "component names must be unique within a class: " + components);
        }
        components = List.copyOf(components);
        Map<String, String> levels = new TreeMap<>();
        if (criticality != null) {
            for (Map.Entry<String, String> level : criticality.entrySet()) {
                if (!components.contains(level.getKey())) {
                    throw new DroverException(FleetErrors.INVALID, "criticality names component '" + level.getKey()
                            + "', which is not one of the class's components " + components);
                }
                levels.put(level.getKey(), Criticality.parse(level.getKey(), level.getValue()).wireName());
            }
        }
        criticality = Map.copyOf(levels);
    }

    /** A class whose components are all of the default criticality. */
    public NewDeviceClass(String name, UUID vendorId, UUID classId, List<String> components) {
        this(name, vendorId, classId, components, null);
    }

    /** The level of each of the class's components. */
    public Map<String, Criticality> levels() {
        Map<String, Criticality> levels = new TreeMap<>();
        components.forEach(c -> levels.put(c, criticality.containsKey(c)
                ? Criticality.parse(c, criticality.get(c)) : Criticality.DEFAULT));
        return levels;
    }
}
