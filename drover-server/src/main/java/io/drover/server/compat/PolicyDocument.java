package io.drover.server.compat;

import io.drover.error.DroverException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A class's compatibility policy as operators write it and Drover stores it:
 * {@code {"rules": ["app >= 2.0 requires os >= 1.4"], "allowed": [{"app": "1.0", "os": ">= 1.2"}]}}. Either list
 * may be left out; with both empty the class allows every combination. A document that exists parses.
 */
public record PolicyDocument(List<String> rules, List<Map<String, String>> allowed) {
    public static final int MAX_RULES = 100;
    public static final int MAX_ALLOWED = 100;
    public static final int MAX_RULE_LENGTH = 1000;
    public static final int MAX_COMPONENTS_PER_COMBINATION = 32;

    public PolicyDocument {
        rules = rules == null ? List.of() : rules;
        allowed = allowed == null ? List.of() : allowed;
        if (rules.size() > MAX_RULES) {
            throw invalid("a policy has at most " + MAX_RULES + " rules, not " + rules.size());
        }
        if (allowed.size() > MAX_ALLOWED) {
            throw invalid("a policy has at most " + MAX_ALLOWED + " allowed combinations, not " + allowed.size());
        }
        for (String rule : rules) {
            if (rule == null || rule.length() > MAX_RULE_LENGTH) {
                throw invalid("a rule is text of at most " + MAX_RULE_LENGTH + " characters");
            }
        }
        List<Map<String, String>> combinations = new ArrayList<>();
        for (Map<String, String> combination : allowed) {
            if (combination == null || combination.size() > MAX_COMPONENTS_PER_COMBINATION) {
                throw invalid("an allowed combination maps 1 to " + MAX_COMPONENTS_PER_COMBINATION
                        + " components to their versions");
            }
            combinations.add(Collections.unmodifiableMap(new LinkedHashMap<>(combination)));
        }
        rules = List.copyOf(rules);
        allowed = List.copyOf(combinations);
        parse(rules, allowed);
    }

    /** The policy this document states. */
    public CompatibilityPolicy policy() {
        return parse(rules, allowed);
    }

    /** The canonical document of {@code policy}: rules as Drover prints them, bounds as {@code 1.0} or {@code >= 1.2}. */
    public static PolicyDocument of(CompatibilityPolicy policy) {
        List<Map<String, String>> combinations = new ArrayList<>();
        for (AllowedCombination combination : policy.allowed()) {
            Map<String, String> bounds = new LinkedHashMap<>();
            combination.constraints().forEach(c -> bounds.put(c.component(), c.comparison() == Comparison.EQ
                    ? c.bound().toString()
                    : c.comparison().symbol() + " " + c.bound()));
            combinations.add(bounds);
        }
        return new PolicyDocument(policy.rules().stream().map(CompatibilityRule::toString).toList(), combinations);
    }

    private static CompatibilityPolicy parse(List<String> rules, List<Map<String, String>> allowed) {
        List<AllowedCombination> combinations = new ArrayList<>();
        for (int i = 0; i < allowed.size(); i++) {
            try {
                combinations.add(AllowedCombination.of(allowed.get(i)));
            } catch (DroverException e) {
                throw invalid("allowed combination " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new CompatibilityPolicy(rules.stream().map(CompatibilityRule::parse).toList(), combinations);
    }

    private static DroverException invalid(String message) {
        return new DroverException(CompatErrors.INVALID, message);
    }
}
