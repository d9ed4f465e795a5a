package io.drover.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpgradePlannerTest {
    private static final CompatibilityPolicy POLICY = new CompatibilityPolicy(List.of(
            CompatibilityRule.parse("app >= 2.0 requires os >= 1.4"),
            CompatibilityRule.parse("os >= 1.4 requires boot >= 3")), List.of());
    private static final UpgradePlanner PLANNER = new UpgradePlanner(POLICY);

    private static final ReleaseStep BOOT_3 = new ReleaseStep(11, 3, Map.of("boot", "3"));
    private static final ReleaseStep OS_14 = new ReleaseStep(12, 4, Map.of("os", "1.4"));
    private static final ReleaseStep OS_14_WITH_BOOT = new ReleaseStep(13, 5, Map.of("os", "1.4", "boot", "3"));
    private static final ReleaseStep APP_2 = new ReleaseStep(20, 9, Map.of("app", "2.0"));
    private static final Map<String, String> OLD = Map.of("app", "1.0", "os", "1.2", "boot", "2");

    @Test
    void anAllowedTargetIsOneStep() {
        Map<String, String> ready = Map.of("app", "1.0", "os", "1.4", "boot", "3");
        assertThat(PLANNER.plan(ready, 5, APP_2, List.of(BOOT_3, OS_14))).contains(List.of(APP_2));
    }

    @Test
    void findsTheShortestChainOfAllowedIntermediateReleases() {
        assertThat(PLANNER.plan(OLD, 2, APP_2, List.of(BOOT_3, OS_14, APP_2))).contains(List.of(BOOT_3, OS_14, APP_2));
        assertThat(PLANNER.plan(OLD, 2, APP_2, List.of(BOOT_3, OS_14, OS_14_WITH_BOOT)))
                .contains(List.of(OS_14_WITH_BOOT, APP_2));
    }

    @Test
    void neverStepsBelowWhatTheDeviceInstalledOrAboveTheTarget() {
        // The device already installed sequence 3, so BOOT_3 (3) cannot be installed again, and OS_14 alone would
        // leave os 1.4 on boot 2.
        assertThat(PLANNER.plan(OLD, 3, APP_2, List.of(BOOT_3, OS_14))).isEmpty();
        ReleaseStep lateBoot = new ReleaseStep(30, 10, Map.of("boot", "3"));
        assertThat(PLANNER.plan(OLD, 2, APP_2, List.of(lateBoot, OS_14))).isEmpty();
    }

    @Test
    void givesUpBeyondTheStepLimit() {
        // a and b may never be more than one apart, and each release moves one of them: reaching a = n from a = b = 0
        // takes n installs, alternating.
        List<CompatibilityRule> rules = new ArrayList<>();
        List<ReleaseStep> releases = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            rules.add(CompatibilityRule.parse("a >= " + i + " requires b >= " + (i - 1)));
            rules.add(CompatibilityRule.parse("b >= " + i + " requires a >= " + (i - 1)));
            releases.add(new ReleaseStep(100 + i, 2L * i, Map.of("a", Integer.toString(i))));
            releases.add(new ReleaseStep(200 + i, 2L * i + 1, Map.of("b", Integer.toString(i))));
        }
        UpgradePlanner planner = new UpgradePlanner(new CompatibilityPolicy(rules, List.of()));
        Map<String, String> start = Map.of("a", "0", "b", "0");

        ReleaseStep a5 = releases.get(8);
        List<ReleaseStep> path = planner.plan(start, 0, a5, releases).orElseThrow();
        assertThat(path).extracting(ReleaseStep::releaseId).containsExactly(101L, 202L, 103L, 204L, 105L);

        ReleaseStep a12 = releases.get(22);
        assertThat(a12.components()).containsEntry("a", "12");
        assertThat(planner.plan(start, 0, a12, releases)).isEmpty();
    }
}
