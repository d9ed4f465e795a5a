package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.state.AgentState;
import io.drover.agent.state.StateStore;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.ReceivedReport;
import io.drover.agent.testing.FakeDeviceServer.Request;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.agent.transport.Report;
import io.drover.agent.transport.ReportStatus;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A final report reaches the server eventually, whatever happens to the network or the agent in between. */
class AgentReportTest {
    private static final Map<String, String> NEW_INVENTORY = Map.of("app", "1.1.0", "os", "4.0");

    @RegisterExtension
    final AgentHarness device = new AgentHarness();

    @BeforeEach
    void setUp() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 10_000)));
    }

    @Test
    void resendsAReportThatCouldNotBeDeliveredBeforeCheckingIn() throws Exception {
        device.server.failReports(3);
        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
            assertThat(device.server.reports()).isEmpty();
            assertThat(new StateStore(device.dataDir).load().orElseThrow().pendingReport().status())
                    .isEqualTo(ReportStatus.SUCCESS);

            agent.runOnce();
        }
        assertThat(device.server.reports()).containsExactly(new ReceivedReport(12, "SUCCESS", null, NEW_INVENTORY));
        assertThat(device.server.requests()).extracting(Request::path)
                .filteredOn(path -> !path.equals("/device/v1/health"))
                .endsWith("/device/v1/reports", "/device/v1/reports", "/device/v1/checkin");
        assertThat(device.server.healthReports()).as("only once the SUCCESS is delivered").hasSize(1);
        assertThat(new StateStore(device.dataDir).load().orElseThrow().pendingReport()).isNull();
    }

    @Test
    void resendsAPendingReportAfterARestart() throws Exception {
        device.server.failReports(3);
        try (Agent agent = device.agent()) {
            agent.runOnce();
        }

        try (Agent restarted = device.agent()) {
            restarted.runOnce();
        }
        assertThat(device.server.reports()).containsExactly(new ReceivedReport(12, "SUCCESS", null, NEW_INVENTORY));
    }

    @Test
    void keepsTheReportPendingAndDoesNotCheckInWhileTheServerStillFailsIt() throws Exception {
        device.server.failReports(10);
        try (Agent agent = device.agent()) {
            agent.runOnce();

            assertThatThrownBy(agent::runOnce).isInstanceOfSatisfying(DroverException.class,
                    e -> assertThat(e.errorCode().category()).isEqualTo(ErrorCode.Category.INTERNAL));
        }
        assertThat(new StateStore(device.dataDir).load().orElseThrow().pendingReport().status())
                .isEqualTo(ReportStatus.SUCCESS);
        assertThat(device.server.requestsTo("/device/v1/checkin")).hasSize(1);
    }

    @Test
    void dropsAPendingReportTheServerRefusesAndCarriesOn() throws Exception {
        Report forGoneRollout = new Report(99, 98, ReportStatus.FAILURE, "agent.download-failed: gone",
                FACTORY_INVENTORY);
        new StateStore(device.dataDir).save(AgentState.factory(FACTORY_INVENTORY).withPendingReport(forGoneRollout));

        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }
        assertThat(device.reportStatuses()).containsExactly("DOWNLOADING", "INSTALLING", "SUCCESS");
    }

    @Test
    void repeatsSuccessWhenTheServerStillAssignsTheInstalledRelease() throws Exception {
        try (Agent agent = device.agent()) {
            agent.runOnce();
            // The server lost the SUCCESS (say, restored from a backup) and assigns the same release again.
            device.server.assign(14, device.release(7, 3, Image.of("app", "1.1.0", 10_000)));

            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
        }
        assertThat(device.server.reports().getLast()).isEqualTo(new ReceivedReport(14, "SUCCESS", null, NEW_INVENTORY));
        assertThat(device.server.requestsTo("/device/v1/releases/")).hasSize(1);
    }
}
