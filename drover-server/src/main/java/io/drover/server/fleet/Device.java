package io.drover.server.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered device: its class, whether its credential is revoked, the sequence number of the release it runs
 * (0 for its factory image), and its inventory (component → version it last reported running).
 */
public record Device(String id, String className, boolean revoked, long installedSequence,
        Map<String, String> inventory, Optional<Instant> lastSeenAt) {
    public Device {
        Names.require("device id", id);
        Names.require("class name", className);
        inventory = Map.copyOf(inventory);
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }
}
