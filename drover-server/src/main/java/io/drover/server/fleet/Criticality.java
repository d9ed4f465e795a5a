package io.drover.server.fleet;

import com.fasterxml.jackson.annotation.JsonValue;
import io.drover.error.DroverException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How much is at stake when a class's component changes, from {@link #LOW} to {@link #CRITICAL}; a component whose
 * class does not say is {@link #MEDIUM}. A rollout that changes a {@link #CRITICAL} component needs the approval of
 * someone other than its creator before it assigns anything.
 */
public enum Criticality {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public static final Criticality DEFAULT = MEDIUM;

    /** The level as requests and answers spell it: {@code critical}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level spelled {@code name} (any case); anything else is a clear {@code fleet.invalid}. */
    public static Criticality parse(String component, String name) {
        return Arrays.stream(values()).filter(c -> c.name().equalsIgnoreCase(name == null ? "" : name)).findFirst()
                .orElseThrow(() -> new DroverException(FleetErrors.INVALID, "the criticality of component '"
                        + component + "' must be one of " + Arrays.stream(values()).map(Criticality::wireName).toList()
                        + "; got " + (name == null ? "nothing" : "'" + name + "'")));
    }
}
