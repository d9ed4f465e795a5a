package io.drover.server.fleet;

import io.drover.suit.VerificationKey;
import java.util.Map;
import java.util.Optional;

/**
 * A request to register a device; {@code inventory} is what it runs from the factory (may be empty), and
 * {@code identityKeyPem}, when given, the public key it was provisioned with (its install reports must then be
 * signed with that key from the first).
 */
public record NewDevice(String id, String className, Map<String, String> inventory, String identityKeyPem) {
    public NewDevice {
        Names.require("device id", id);
        Names.require("class name", className);
        inventory = inventory == null ? Map.of() : Map.copyOf(inventory);
        inventory.keySet().forEach(c -> Names.require("component name", c));
        if (identityKeyPem != null) {
            VerificationKey.fromPem(identityKeyPem);
        }
    }

    public Optional<VerificationKey> identityKey() {
        return Optional.ofNullable(identityKeyPem).map(VerificationKey::fromPem);
    }
}
