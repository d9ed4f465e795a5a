package io.drover.agent.safety;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/** Holds while a device attribute has one value, e.g. {@code in_depot = true}. */
public record AttributeEquals(AttributeSource source, String name, String expected) implements SafetyCondition {
    public AttributeEquals {
        Objects.requireNonNull(source, "source");
        requireNonBlank(name, "name");
        requireNonBlank(expected, "expected");
    }

    @Override
    public Verdict check() {
        Optional<String> actual;
        try {
            actual = source.attribute(name);
        } catch (IOException e) {
            return new Verdict.Waiting("attribute " + name + " unreadable: " + e.getMessage());
        }
        if (actual.isEmpty()) {
            return new Verdict.Waiting("attribute " + name + " is not reported, needs " + expected);
        }
        return actual.get().equals(expected)
                ? new Verdict.Holds()
                : new Verdict.Waiting("attribute " + name + " is " + actual.get() + ", needs " + expected);
    }

    static void requireNonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
