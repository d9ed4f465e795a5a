package io.drover.server.compat;

import io.drover.error.DroverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a class's explicit list of allowed version combinations: component → {@code "1.4"} (exactly) or a
 * comparison such as {@code ">= 1.4"}. Components it does not name may have any version.
 */
public record AllowedCombination(List<VersionConstraint> constraints) {
    private static final Pattern BOUND = Pattern.compile("(!=|<=|>=|=|<|>)?\\s*([A-Za-z0-9]\\S{0,99})");

    public AllowedCombination {
        constraints = List.copyOf(constraints);
        if (constraints.isEmpty()) {
            throw new DroverException(CompatErrors.INVALID, "an allowed combination must name at least one component");
        }
    }

    public static AllowedCombination of(Map<String, String> bounds) {
        List<VersionConstraint> constraints = new ArrayList<>();
        bounds.forEach((component, bound) -> {
            Matcher m = BOUND.matcher(bound == null ? "" : bound.strip());
            if (!m.matches()) {
                throw new DroverException(CompatErrors.INVALID, "allowed version of " + component
                        + " must be a version or 'op version': '" + bound + "'");
            }
            Comparison comparison = m.group(1) == null ? Comparison.EQ : Comparison.ofSymbol(m.group(1));
            constraints.add(new VersionConstraint(component, comparison, Version.of(m.group(2))));
        });
        return new AllowedCombination(constraints);
    }

    public boolean allows(Map<String, String> inventory) {
        return constraints.stream().allMatch(c -> c.heldBy(inventory));
    }

    /** Whether some inventory that runs {@code fixed} (component → version) could match this combination. */
    boolean couldAllow(Map<String, String> fixed) {
        return constraints.stream()
                .filter(c -> fixed.containsKey(c.component()))
                .allMatch(c -> c.heldBy(fixed));
    }

    @Override
    public String toString() {
        return String.join(", ", constraints.stream().map(VersionConstraint::toString).toList());
    }
}
