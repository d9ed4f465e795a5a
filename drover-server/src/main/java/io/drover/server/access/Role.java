package io.drover.server.access;

import com.fasterxml.jackson.annotation.JsonValue;
import io.drover.error.DroverException;
import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a user of the management API may do. A user holds exactly one role; {@link #ADMIN} may do everything, every
 * other role what the routes that name it allow (see docs/API.md for the table). Each route declares its roles where it
 * is registered; {@link ManagementAuth} enforces them, so no handler checks a role itself.
 */
public enum Role implements RouteRole {
    /** Everything, including users and the keys trusted to sign releases. */
    ADMIN,
    /** Uploads artifacts and signed releases; reads classes, signer keys and releases. */
    VENDOR,
    /** Runs the fleet: classes, devices, groups, compatibility policies, rollouts and their rehearsals. */
    OPERATOR,
    /** Approves rollouts that change a critical component; reads rollouts, releases and classes. */
    APPROVER,
    /** Reads everything that holds no secret; changes nothing. */
    AUDITOR;

    /** The role as requests and answers spell it: {@code operator}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role spelled {@code name} (any case); anything else is a clear {@code user.invalid}. */
    public static Role parse(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(name == null ? "" : name.strip()))
                .findFirst()
                .orElseThrow(() -> new DroverException(UserErrors.INVALID, "role must be one of "
                        + Arrays.stream(values()).map(Role::wireName).toList() + "; got "
                        + (name == null ? "nothing" : "'" + name + "'")));
    }
}
