package io.drover.server.access;

import java.util.Objects;

/**
 * Who makes a management request: a user's name and role, as their token proved them. Services that change something
 * take the actor, so what they record (rollout events, and the ledger) names who did it.
 */
public record Actor(String name, Role role) {
    /** The built-in administrator: whoever holds the server's configured admin token. */
    public static final Actor ADMIN = new Actor("admin", Role.ADMIN);

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
        return name + " (" + role.wireName() + ")";
    }
}
