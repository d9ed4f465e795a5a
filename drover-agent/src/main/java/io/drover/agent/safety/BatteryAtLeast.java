package io.drover.agent.safety;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * Holds while the battery charge, an attribute in percent, is at least {@code minimumPercent}. An unknown or
 * unparsable charge waits: an update that dies with the battery is worse than one that comes later.
 */
public record BatteryAtLeast(AttributeSource source, String attribute, int minimumPercent)
        implements SafetyCondition {
    public static final String DEFAULT_ATTRIBUTE = "battery_percent";

    public BatteryAtLeast {
        Objects.requireNonNull(source, "source");
        AttributeEquals.requireNonBlank(attribute, "attribute");
        if (minimumPercent < 0 || minimumPercent > 100) {
            throw new IllegalArgumentException("minimumPercent must be within 0..100: " + minimumPercent);
        }
    }

    public BatteryAtLeast(AttributeSource source, int minimumPercent) {
        this(source, DEFAULT_ATTRIBUTE, minimumPercent);
    }

    @Override
    public Verdict check() {
        Optional<String> value;
        try {
            value = source.attribute(attribute);
        } catch (IOException e) {
            return new Verdict.Waiting("battery level unreadable: " + e.getMessage());
        }
        if (value.isEmpty()) {
            return new Verdict.Waiting("battery level (" + attribute + ") is not reported");
        }
        double percent;
        try {
            percent = Double.parseDouble(value.get());
        } catch (NumberFormatException e) {
            return new Verdict.Waiting("battery level " + attribute + " is not a number: " + value.get());
        }
        return percent >= minimumPercent
                ? new Verdict.Holds()
                : new Verdict.Waiting("battery at " + value.get() + " %, needs " + minimumPercent + " %");
    }
}
