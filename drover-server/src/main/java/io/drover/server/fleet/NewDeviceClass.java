package io.drover.server.fleet;

import io.drover.error.DroverException;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/** A request to define a device class. */
public record NewDeviceClass(String name, UUID vendorId, UUID classId, List<String> components) {
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
    }
}
