package io.drover.server.fleet;

import java.util.Map;

/** A request to register a device; {@code inventory} is what it runs from the factory (may be empty). */
public record NewDevice(String id, String className, Map<String, String> inventory) {
    public NewDevice {
        Names.require("device id", id);
        Names.require("class name", className);
        inventory = inventory == null ? Map.of() : Map.copyOf(inventory);
        inventory.keySet().forEach(c -> Names.require("component name", c));
    }
}
