package io.drover.agent.safety;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The conditions a device must meet before it downloads and installs a verified release: all must hold. With
 * {@code force}, for a critical update that must go out regardless, none is asked and the agent says so in its
 * reports.
 */
public record SafetyPolicy(List<SafetyCondition> conditions, boolean force) {
    /** The reason a forced update carries in its DOWNLOADING report. */
    public static final String FORCED_REASON = "safety conditions skipped: forced";

    public SafetyPolicy {
        conditions = List.copyOf(Objects.requireNonNull(conditions, "conditions"));
    }

    /** Updates whenever a release arrives; the default of an agent built without a policy. */
    public static SafetyPolicy none() {
        return new SafetyPolicy(List.of(), false);
    }

    public static SafetyPolicy allOf(SafetyCondition... conditions) {
        return new SafetyPolicy(List.of(conditions), false);
    }

    public SafetyPolicy forced() {
        return new SafetyPolicy(conditions, true);
    }

    /**
     * Asks every condition in order and answers the first that waits. A condition that throws waits too: a bug in
     * a platform hook must not let an update through.
     */
    public Verdict check() {
        if (force) {
            return new Verdict.Holds();
        }
        for (SafetyCondition condition : conditions) {
            Verdict verdict;
            try {
                verdict = condition.check();
            } catch (RuntimeException e) {
                verdict = new Verdict.Waiting("safety condition " + condition + " failed: " + e);
            }
            if (verdict instanceof Verdict.Waiting) {
                return verdict;
            }
        }
        return new Verdict.Holds();
    }

    /** What a report says about the policy when an update goes ahead. */
    public Optional<String> reportReason() {
        return force && !conditions.isEmpty() ? Optional.of(FORCED_REASON) : Optional.empty();
    }
}
