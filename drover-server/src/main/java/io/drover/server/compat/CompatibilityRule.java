package io.drover.server.compat;

import io.drover.error.DroverException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code when requires}: if an inventory holds every {@code when} constraint, it must hold every {@code requires}
 * one. Written {@code app >= 2.0 requires os >= 1.4}, or with {@code and} on either side:
 * {@code app >= 2.0 and ui >= 3 requires os >= 1.4 and modem = 7.2}.
 */
public record CompatibilityRule(List<VersionConstraint> when, List<VersionConstraint> requires) {
    private static final Pattern CONSTRAINT =
            Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,99})\\s*(!=|<=|>=|=|<|>)\\s*([A-Za-z0-9]\\S{0,99})");
    private static final String REQUIRES = " requires ";
    private static final String AND = " and ";

    public CompatibilityRule {
        when = List.copyOf(when);
        requires = List.copyOf(requires);
        if (when.isEmpty() || requires.isEmpty()) {
            throw new DroverException(CompatErrors.INVALID, "a rule needs constraints on both sides of 'requires'");
        }
    }

    public static CompatibilityRule parse(String text) {
        String rule = text == null ? "" : text.strip();
        int split = rule.indexOf(REQUIRES);
        if (split < 0 || rule.indexOf(REQUIRES, split + 1) >= 0) {
            throw new DroverException(CompatErrors.INVALID,
                    "a rule reads 'component op version [and …] requires component op version [and …]': '" + text + "'");
        }
        return new CompatibilityRule(constraints(rule.substring(0, split), text),
                constraints(rule.substring(split + REQUIRES.length()), text));
    }

    /** Null when {@code inventory} keeps this rule, otherwise why it does not. */
    public String violationBy(Map<String, String> inventory) {
        if (!when.stream().allMatch(c -> c.heldBy(inventory))) {
            return null;
        }
        for (VersionConstraint needed : requires) {
            if (!needed.heldBy(inventory)) {
                String has = inventory.get(needed.component());
                return "'" + this + "' but " + needed.component() + " is " + (has == null ? "absent" : has);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return join(when) + REQUIRES + join(requires);
    }

    private static List<VersionConstraint> constraints(String side, String text) {
        List<VersionConstraint> result = new ArrayList<>();
        for (String part : side.split(AND, -1)) {
            Matcher m = CONSTRAINT.matcher(part.strip());
            if (!m.matches()) {
                throw new DroverException(CompatErrors.INVALID, "'" + part.strip() + "' in rule '" + text
                        + "' is not 'component op version' (op one of = != < <= > >=)");
            }
            result.add(new VersionConstraint(m.group(1), Comparison.ofSymbol(m.group(2)), Version.of(m.group(3))));
        }
        return result;
    }

    private static String join(List<VersionConstraint> constraints) {
        return String.join(AND, constraints.stream().map(VersionConstraint::toString).toList());
    }
}
