package io.drover.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompatibilityPolicyTest {
    private static final CompatibilityPolicy RULES = new CompatibilityPolicy(
            List.of(CompatibilityRule.parse("app >= 2.0 requires os >= 1.4")), List.of());
    private static final CompatibilityPolicy COMBINATIONS = new CompatibilityPolicy(List.of(), List.of(
            AllowedCombination.of(Map.of("app", "1.0", "os", "1.2")),
            AllowedCombination.of(Map.of("app", ">= 2.0", "os", ">= 1.4"))));

    @Test
    void anEmptyPolicyAllowsEverything() {
        assertThat(CompatibilityPolicy.ANYTHING.refusal(Map.of("app", "0.1"))).isEmpty();
        assertThat(CompatibilityPolicy.ANYTHING.refusalForEveryInventory(Map.of("app", "0.1"))).isEmpty();
    }

    @Test
    void rulesRefuseTheInventoriesTheyForbid() {
        assertThat(RULES.refusal(Map.of("app", "2.0", "os", "1.4"))).isEmpty();
        assertThat(RULES.refusal(Map.of("app", "2.0", "os", "1.2"))).contains("'app >= 2.0 requires os >= 1.4' but os is 1.2");
    }

    @Test
    void allowedCombinationsAdmitOnlyWhatMatchesOne() {
        assertThat(COMBINATIONS.refusal(Map.of("app", "1.0", "os", "1.2", "ui", "9"))).isEmpty();
        assertThat(COMBINATIONS.refusal(Map.of("app", "2.3", "os", "1.5"))).isEmpty();
        assertThat(COMBINATIONS.refusal(Map.of("app", "1.0", "os", "1.4"))).get().asString()
                .startsWith("no allowed combination matches");
    }

    @Test
    void aReleaseIsRefusedForEveryInventoryOnlyWhenItsOwnComponentsBreakTheRules() {
        // The release itself sets app 2.0 and os 1.2: no device can ever be allowed to run it.
        assertThat(RULES.refusalForEveryInventory(Map.of("app", "2.0", "os", "1.2")))
                .contains("'app >= 2.0 requires os >= 1.4' but the release sets os to 1.2");
        // app 2.0 alone is fine on devices that already run os 1.4.
        assertThat(RULES.refusalForEveryInventory(Map.of("app", "2.0"))).isEmpty();
        // os 1.2 alone is fine on devices that run an older app.
        assertThat(RULES.refusalForEveryInventory(Map.of("os", "1.2"))).isEmpty();
        assertThat(COMBINATIONS.refusalForEveryInventory(Map.of("app", "2.0"))).isEmpty();
        assertThat(COMBINATIONS.refusalForEveryInventory(Map.of("app", "1.5"))).get().asString()
                .startsWith("no allowed combination admits");
    }

    @Test
    void refusesMalformedCombinations() {
        assertThatThrownBy(() -> AllowedCombination.of(Map.of()))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(CompatErrors.INVALID));
        assertThatThrownBy(() -> AllowedCombination.of(Map.of("app", ">= ")))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(CompatErrors.INVALID));
        assertThatThrownBy(() -> AllowedCombination.of(Map.of("app", "=> 2")))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode()).isEqualTo(CompatErrors.INVALID));
    }
}
