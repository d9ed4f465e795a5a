package io.drover.server.rollout.targeting;

import io.drover.server.fleet.DeviceTraits;
import io.drover.server.rollout.targeting.internal.FilterExpression;
import io.drover.server.rollout.targeting.internal.FilterParser;
import java.util.Objects;

/**
 * Which devices of a class a rollout targets, written as a boolean expression over device attributes and groups:
 *
 * <pre>
 *   region = eu and line = S5
 *   group = canary or (firmware_channel in (beta, rc) and not depot = "Köln Nord")
 *   battery_capacity_mah >= 3000
 * </pre>
 *
 * {@code =} and {@code !=} compare text; {@code < <= > >=} compare as versions ({@code 10 > 9}, {@code 1.10 > 1.9}).
 * {@code group = g} holds when the device is in group {@code g}. An attribute the device does not have makes every
 * comparison on it false, and {@code !=} true (it is {@code not =}). Values with spaces or symbols are quoted.
 */
public final class DeviceFilter {
    public static final int MAX_LENGTH = 2000;

    private final String text;
    private final FilterExpression expression;

    private DeviceFilter(String text, FilterExpression expression) {
        this.text = text;
        this.expression = expression;
    }

    /** Parses {@code text}; a malformed filter is a {@code rollout.invalid-filter} error naming the position. */
    public static DeviceFilter parse(String text) {
        return new DeviceFilter(text, FilterParser.parse(text, MAX_LENGTH));
    }

    public boolean matches(DeviceTraits device) {
        return expression.holds(Objects.requireNonNull(device, "device"));
    }

    @Override
    public String toString() {
        return text;
    }
}
