package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void theSameSeedAndDeviceAlwaysGetTheSameFaults() {
        FaultPlan plan = new FaultPlan(0.3, 42);
        IntStream.range(0, 100).mapToObj(i -> "dev-" + i).forEach(id ->
                assertThat(new FaultPlan(0.3, 42).faultsOf(id)).isEqualTo(plan.faultsOf(id)));
    }

    @Test
    void aZeroRateLeavesEveryDeviceWithoutFaults() {
        FaultPlan plan = new FaultPlan(0, 1);
        IntStream.range(0, 100).forEach(i -> assertThat(plan.faultsOf("dev-" + i)).isEqualTo(DeviceFaults.NONE));
        assertThat(DeviceFaults.NONE.kinds()).isEmpty();
    }

    @Test
    void aRateOfOneGivesEveryDeviceEveryDrawnFault() {
        DeviceFaults faults = new FaultPlan(1, 7).faultsOf("dev-1");
        assertThat(faults.impairedNetwork()).isTrue();
        assertThat(faults.crashAt()).isPresent();
        assertThat(faults.clockSkew().abs()).isLessThanOrEqualTo(FaultPlan.MAX_SKEW);
        assertThat(faults.offlineAtStart()).isPositive().isLessThanOrEqualTo(FaultPlan.MAX_OFFLINE);
        assertThat(faults.unhealthy()).as("health follows the release, not the rate").isFalse();
        assertThat(faults.kinds()).isEqualTo(EnumSet.complementOf(EnumSet.of(FaultKind.UNHEALTHY)));
        assertThat(faults.network().cleanBytes()).as("the check-in and envelope pass intact").isPositive();
    }

    @Test
    void eachFaultHitsAboutTheGivenShareOfTheFleet() {
        FaultPlan plan = new FaultPlan(0.05, 2026);
        long crashing = IntStream.range(0, 10_000).mapToObj(i -> plan.faultsOf("dev-" + i))
                .filter(faults -> faults.crashAt().isPresent()).count();
        long impaired = IntStream.range(0, 10_000).mapToObj(i -> plan.faultsOf("dev-" + i))
                .filter(f -> f.kinds().contains(FaultKind.POOR_LINK)).count();
        long corrupting = IntStream.range(0, 10_000).mapToObj(i -> plan.faultsOf("dev-" + i))
                .filter(f -> f.kinds().contains(FaultKind.CORRUPTION)).count();
        assertThat(crashing).isBetween(400L, 600L);
        assertThat(impaired).isBetween(400L, 600L);
        assertThat(corrupting).isBetween(400L, 600L);
    }

    @Test
    void crashesStrikeAtEveryStepThatEveryUpdatePasses() {
        FaultPlan plan = new FaultPlan(1, 3);
        assertThat(IntStream.range(0, 1_000).mapToObj(i -> plan.faultsOf("dev-" + i).crashAt().orElseThrow())
                .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(FaultPlan.CRASH_STEPS);
    }
}
