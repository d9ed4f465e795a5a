package io.drover.cli.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.UpdateStep;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.SlotId;
import io.drover.agent.state.AgentState;
import io.drover.sim.BootAudit;
import io.drover.sim.DeviceFaults;
import io.drover.sim.FaultKind;
import io.drover.sim.impair.Impairment;
import io.drover.suit.report.ManifestReference;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimVerdictTest {
    private static final Map<String, String> OLD = Map.of("app", "1.0.0");
    private static final Map<String, String> NEW = Map.of("app", "1.1.0");
    private static final BootAudit ON_OLD = new BootAudit(Optional.of(AgentState.factory(OLD)), List.of());
    private static final BootAudit ON_NEW = new BootAudit(Optional.of(new AgentState(SlotId.B, 1, 3L,
            ManifestReference.ofUndecodable(new byte[] {1}), NEW, Map.of("app", new ImageDigest("ab".repeat(32), 10)),
            null, null, null, null)), List.of());
    private static final DeviceFaults CRASHING = new DeviceFaults(Impairment.NONE, false,
            Optional.of(UpdateStep.HEALTH_CHECKING), Duration.ZERO, Duration.ZERO);
    private static final DeviceFaults UNHEALTHY =
            new DeviceFaults(Impairment.NONE, true, Optional.empty(), Duration.ZERO, Duration.ZERO);

    private final SimVerdict verdict = new SimVerdict(Map.of("app", "1.0.0"), Map.of("app", "1.1.0"), 1);

    private static SimVerdict.Expected expect(DeviceFaults faults) {
        return new SimVerdict.Expected(faults, false, false);
    }

    private SimSummary summary() {
        return verdict.summary(1, 2, 3);
    }

    @Test
    void devicesThatEndWhereTheirClassPredictsAndAsTheServerSaysAreAsPredicted() {
        verdict.add("good", expect(CRASHING), 1, ON_NEW, "SUCCESS", null, true, NEW);
        verdict.add("bad", expect(UNHEALTHY), 0, ON_OLD, "FAILURE", "agent.health-check-failed: no", true, OLD);

        SimSummary summary = summary();
        assertThat(summary.asPredicted()).isTrue();
        assertThat(summary.updated()).isEqualTo(1);
        assertThat(summary.rolledBack()).isEqualTo(1);
        assertThat(summary.restarts()).isEqualTo(1);
        assertThat(summary.failureReasons()).isEqualTo(Map.of("agent.health-check-failed", 1));
        assertThat(summary.faults()).isEqualTo(Map.of(
                FaultKind.CRASH, new SimSummary.FaultTally(1, 1, 0, 0, 0),
                FaultKind.UNHEALTHY, new SimSummary.FaultTally(1, 0, 1, 0, 0)));
    }

    @Test
    void aReportOrServerRecordThatDisagreesWithTheDiskIsAMismatch() {
        verdict.add("reported-too-soon", expect(DeviceFaults.NONE), 0, ON_OLD, "SUCCESS", null, true, NEW);
        verdict.add("recorded-wrong", expect(DeviceFaults.NONE), 0, ON_NEW, "SUCCESS", null, true, OLD);

        SimSummary summary = summary();
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.mismatches()).containsExactly(
                "reported-too-soon: predicted updated, runs {app=1.0.0} in slot A, server report SUCCESS",
                "reported-too-soon: runs {app=1.0.0}, the server records {app=1.1.0}",
                "recorded-wrong: runs {app=1.1.0}, the server records {app=1.0.0}");
    }

    @Test
    void aBrickedDeviceIsFailedWhateverItReported() {
        BootAudit bricked = new BootAudit(ON_NEW.state(), List.of("app in its active slot B is missing"));
        verdict.add("dev", expect(DeviceFaults.NONE), 0, bricked, "SUCCESS", null, true, NEW);

        SimSummary summary = summary();
        assertThat(summary.bricked()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(1);
        assertThat(summary.mismatches()).first().isEqualTo("dev: bricked: app in its active slot B is missing");
    }

    @Test
    void aReportWithoutAVerifiedSignatureIsAMismatch() {
        verdict.add("unsigned", expect(DeviceFaults.NONE), 0, ON_NEW, "SUCCESS", null, false, NEW);
        verdict.add("silent", expect(DeviceFaults.NONE), 0, ON_OLD, "NONE", null, false, OLD);

        SimSummary summary = summary();
        assertThat(summary.updated()).isEqualTo(1);
        assertThat(summary.mismatches()).containsExactly(
                "unsigned: the server holds no verified signed report",
                "silent: predicted updated, runs {app=1.0.0} in slot A, server report NONE");
    }

    @Test
    void devicesOfAHaltedRolloutThatNeverGotTheReleaseKeepTheirOldVersion() {
        verdict.add("wave-1", new SimVerdict.Expected(UNHEALTHY, false, true), 0, ON_OLD, "FAILURE",
                "agent.health-check-failed: no", true, OLD);
        verdict.add("not-reached", new SimVerdict.Expected(UNHEALTHY, false, true), 0, ON_OLD, "NONE", null, false,
                OLD);
        verdict.add("started-before-the-halt", new SimVerdict.Expected(UNHEALTHY, false, true), 0, ON_OLD,
                "DOWNLOADING", null, false, OLD);

        SimSummary summary = summary();
        assertThat(summary.mismatches()).isEmpty();
        assertThat(summary.rolledBack()).isEqualTo(1);
        assertThat(summary.unchanged()).isEqualTo(2);
        assertThat(summary.failed()).isZero();
    }

    @Test
    void anUnchangedDeviceIsAMismatchUnlessItsRolloutHaltedOrItWaits() {
        verdict.add("not-reached", expect(DeviceFaults.NONE), 0, ON_OLD, "NONE", null, false, OLD);
        verdict.add("blocked", new SimVerdict.Expected(DeviceFaults.NONE, true, false), 0, ON_OLD, "WAITING",
                "attribute in_depot is false, needs true", false, OLD);
        verdict.add("blocked-but-silent", new SimVerdict.Expected(DeviceFaults.NONE, true, false), 0, ON_OLD, "NONE",
                null, false, OLD);

        SimSummary summary = summary();
        assertThat(summary.unchanged()).isEqualTo(3);
        assertThat(summary.waitingReasons()).isEqualTo(Map.of("attribute in_depot is false, needs true", 1));
        assertThat(summary.mismatches()).containsExactly(
                "not-reached: predicted updated, runs {app=1.0.0} in slot A, server report NONE",
                "blocked-but-silent: predicted waiting, runs {app=1.0.0} in slot A, server report NONE");
    }
}
