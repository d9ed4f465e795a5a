package io.drover.server.access;

import java.util.Objects;
import java.util.Set;

/**
 * A management API endpoint as the server registered it: its method, its path pattern ({@code /api/v1/rollouts/{id}})
 * and the roles it allows besides {@link Role#ADMIN}, who may call every one.
 */
public record ManagementEndpoint(String method, String path, Set<Role> roles) {
    public ManagementEndpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        roles = Set.copyOf(roles);
    }

    /** Whether a user of {@code role} may call this endpoint. */
    public boolean allows(Role role) {
        return role == Role.ADMIN || roles.contains(role);
    }
}
