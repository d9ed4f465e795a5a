package io.drover.server.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A kind of hardware: its SUIT vendor and class identifiers and the components its devices run.
 * Every release, rule and rollout is per class.
 */
public record DeviceClass(long id, String name, UUID vendorId, UUID classId, List<String> components, Instant createdAt) {
    public DeviceClass {
        Names.require("class name", name);
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(classId, "classId");
        components = List.copyOf(components);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
