package io.drover.server.rollout.targeting.internal;

import io.drover.server.compat.Comparison;
import io.drover.error.DroverException;
import io.drover.server.compat.Version;
import io.drover.server.fleet.DeviceTraits;
import java.util.Set;

/** A parsed targeting filter. */
public sealed interface FilterExpression {
    /** The attribute name that asks about group membership instead. */
    String GROUP = "group";

    boolean holds(DeviceTraits device);

    record And(FilterExpression left, FilterExpression right) implements FilterExpression {
        @Override
        public boolean holds(DeviceTraits device) {
            return left.holds(device) && right.holds(device);
        }
    }

    record Or(FilterExpression left, FilterExpression right) implements FilterExpression {
        @Override
        public boolean holds(DeviceTraits device) {
            return left.holds(device) || right.holds(device);
        }
    }

    record Not(FilterExpression inner) implements FilterExpression {
        @Override
        public boolean holds(DeviceTraits device) {
            return !inner.holds(device);
        }
    }

    /** {@code name op value}; {@code !=} is parsed as {@code not =}, so it holds for a device lacking the attribute. */
    record Compare(String name, Comparison comparison, String value) implements FilterExpression {
        @Override
        public boolean holds(DeviceTraits device) {
            if (GROUP.equals(name)) {
                return device.groups().contains(value);
            }
            String actual = device.attributes().get(name);
            if (actual == null) {
                return false;
            }
            if (comparison == Comparison.EQ) {
                return actual.equals(value);
            }
            try {
                return comparison.holds(Version.of(actual), Version.of(value));
            } catch (DroverException notAVersion) {
                return false; // e.g. an empty attribute value: it is not above or below anything
            }
        }
    }

    /** {@code name in (v1, v2, …)}. */
    record In(String name, Set<String> values) implements FilterExpression {
        public In {
            values = Set.copyOf(values);
        }

        @Override
        public boolean holds(DeviceTraits device) {
            if (GROUP.equals(name)) {
                return values.stream().anyMatch(device.groups()::contains);
            }
            String actual = device.attributes().get(name);
            return actual != null && values.contains(actual);
        }
    }
}
