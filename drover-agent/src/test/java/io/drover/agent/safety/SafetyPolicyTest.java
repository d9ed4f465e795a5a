package io.drover.agent.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SafetyPolicyTest {
    private final List<String> asked = new ArrayList<>();

    private SafetyCondition condition(String name, Verdict verdict) {
        return () -> {
            asked.add(name);
            return verdict;
        };
    }

    @Test
    void holdsOnlyWhenEveryConditionHolds() {
        SafetyPolicy policy = SafetyPolicy.allOf(condition("window", new Verdict.Holds()),
                condition("battery", new Verdict.Waiting("battery low")),
                condition("depot", new Verdict.Waiting("not in depot")));

        assertThat(policy.check()).isEqualTo(new Verdict.Waiting("battery low"));
        assertThat(asked).containsExactly("window", "battery");
        assertThat(SafetyPolicy.allOf(condition("window", new Verdict.Holds())).check())
                .isEqualTo(new Verdict.Holds());
    }

    @Test
    void forcedPolicyAsksNoConditionAndSaysSoInReports() {
        SafetyPolicy forced = SafetyPolicy.allOf(condition("battery", new Verdict.Waiting("battery low"))).forced();

        assertThat(forced.check()).isEqualTo(new Verdict.Holds());
        assertThat(asked).isEmpty();
        assertThat(forced.reportReason()).contains(SafetyPolicy.FORCED_REASON);
        assertThat(SafetyPolicy.allOf(condition("battery", new Verdict.Holds())).reportReason()).isEmpty();
    }

    @Test
    void conditionThatThrowsWaits() {
        SafetyCondition broken = () -> {
            throw new IllegalStateException("sensor gone");
        };

        assertThat(SafetyPolicy.allOf(broken).check()).isInstanceOfSatisfying(Verdict.Waiting.class,
                waiting -> assertThat(waiting.reason()).contains("sensor gone"));
        assertThat(SafetyPolicy.none().check()).isEqualTo(new Verdict.Holds());
        assertThat(SafetyPolicy.none().reportReason()).isEqualTo(Optional.empty());
    }
}
