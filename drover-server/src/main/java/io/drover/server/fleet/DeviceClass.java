package io.drover.server.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A kind of hardware: its SUIT vendor and class identifiers, the components its devices run and how critical each
 * is. Every release, rule and rollout is per class.
 *
 * @param criticality the level of every component
 */
public record DeviceClass(long id, String name, UUID vendorId, UUID classId, List<String> components,
        Map<String, Criticality> criticality, Instant createdAt) {
    public DeviceClass {
        Names.require("class name", name);
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(classId, "classId");
        components = List.copyOf(components);
        criticality = Map.copyOf(criticality);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Which of {@code changed} are {@link Criticality#CRITICAL} components of this class, in name order. */
    public Set<String> criticalAmong(Set<String> changed) {
        Set<String> critical = new TreeSet<>();
        changed.stream().filter(c -> criticality.get(c) == Criticality.CRITICAL).forEach(critical::add);
        return critical;
    }
}
