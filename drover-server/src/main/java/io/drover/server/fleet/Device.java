package io.drover.server.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered device: its class, whether its credential is revoked, the sequence number of the release it runs
 * (0 for its factory image), its inventory (component → version it last reported running), the SHA-256 of each
 * component's image where it reported one ({@code digests}), and the identity key its reports are signed with.
 */
public record Device(String id, String className, boolean revoked, long installedSequence,
        Map<String, String> inventory, Map<String, String> digests, Optional<DeviceIdentity.View> identity,
        Optional<Instant> lastSeenAt) {
    public Device {
        Names.require("device id", id);
        Names.require("class name", className);
        inventory = Map.copyOf(inventory);
        digests = Map.copyOf(digests);
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }
}
