package io.drover.server.compat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which combinations of component versions a device class may run: every rule must hold, and when the class lists
 * allowed combinations, the inventory must match at least one. A class without either allows everything.
 */
public record CompatibilityPolicy(List<CompatibilityRule> rules, List<AllowedCombination> allowed) {
    public static final CompatibilityPolicy ANYTHING = new CompatibilityPolicy(List.of(), List.of());

    public CompatibilityPolicy {
        rules = List.copyOf(rules);
        allowed = List.copyOf(allowed);
    }

    /** Whether this policy has neither rules nor allowed combinations, and so refuses nothing. */
    public boolean allowsEverything() {
        return rules.isEmpty() && allowed.isEmpty();
    }

    /** Every component the rules and combinations name, in name order. */
    public Set<String> components() {
        Set<String> names = new TreeSet<>();
        rules.forEach(r -> Stream.concat(r.when().stream(), r.requires().stream()).forEach(c -> names.add(c.component())));
        allowed.forEach(a -> a.constraints().forEach(c -> names.add(c.component())));
        return names;
    }

    /** Why {@code inventory} (component → version) is not allowed, or empty when it is. */
    public Optional<String> refusal(Map<String, String> inventory) {
        for (CompatibilityRule rule : rules) {
            String violation = rule.violationBy(inventory);
            if (violation != null) {
                return Optional.of(violation);
            }
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> a.allows(inventory))) {
            return Optional.of("no allowed combination matches " + new TreeMap<>(inventory));
        }
        return Optional.empty();
    }

    /**
     * Why no device could ever run a release setting {@code components} (component → version), whatever else it
     * runs; empty when some inventory allows it. A rule is broken for sure when its {@code when} side and the
     * failing {@code requires} constraint name only the release's own components.
     */
    public Optional<String> refusalForEveryInventory(Map<String, String> components) {
        for (CompatibilityRule rule : rules) {
            boolean decidedByRelease = rule.when().stream().allMatch(c -> components.containsKey(c.component()));
            if (decidedByRelease && rule.when().stream().allMatch(c -> c.heldBy(components))) {
                for (VersionConstraint needed : rule.requires()) {
                    if (components.containsKey(needed.component()) && !needed.heldBy(components)) {
                        return Optional.of("'" + rule + "' but the release sets " + needed.component() + " to "
                                + components.get(needed.component()));
                    }
                }
            }
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> a.couldAllow(components))) {
            return Optional.of("no allowed combination admits " + new TreeMap<>(components));
        }
        return Optional.empty();
    }
}
