package io.drover.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompatibilityRuleTest {

    @Test
    void appliesOnlyWhenEveryWhenConstraintHolds() {
        CompatibilityRule rule = CompatibilityRule.parse("app >= 2.0 and ui >= 3 requires os >= 1.4");
        assertThat(rule.violationBy(Map.of("app", "2.1", "ui", "2", "os", "1.2"))).isNull();
        assertThat(rule.violationBy(Map.of("app", "1.9", "ui", "3", "os", "1.2"))).isNull();
        assertThat(rule.violationBy(Map.of("app", "2.0", "ui", "3", "os", "1.4"))).isNull();
        assertThat(rule.violationBy(Map.of("app", "2.0", "ui", "3", "os", "1.2")))
                .isEqualTo("'app >= 2.0 and ui >= 3 requires os >= 1.4' but os is 1.2");
    }

    @Test
    void aRequiredComponentThatIsAbsentBreaksTheRule() {
        CompatibilityRule rule = CompatibilityRule.parse("app >= 2 requires modem = 7.2 and os != 1.3");
        assertThat(rule.violationBy(Map.of("app", "2", "os", "1.4"))).endsWith("but modem is absent");
        assertThat(rule.violationBy(Map.of("app", "2", "os", "1.3", "modem", "7.2"))).endsWith("but os is 1.3");
        assertThat(rule.violationBy(Map.of("os", "1.3"))).isNull();
    }

    @Test
    void parsesWithOrWithoutSpacesAroundOperatorsAndPrintsCanonically() {
        assertThat(CompatibilityRule.parse("  app>=2.0 requires os<1.9  ")).hasToString("app >= 2.0 requires os < 1.9");
    }

    @Test
    void refusesWhatIsNotARule() {
        for (String bad : new String[] {null, "", "app >= 2.0", "app >= 2.0 requires", "requires os >= 1",
                "app >= 2 requires os >= 1 requires ui = 3", "app => 2 requires os >= 1", "app >= 2 requires os",
                "app >= 2 or ui = 1 requires os >= 1", "app >= 2 and requires os >= 1"}) {
            assertThatThrownBy(() -> CompatibilityRule.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(DroverException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(CompatErrors.INVALID));
        }
    }
}
