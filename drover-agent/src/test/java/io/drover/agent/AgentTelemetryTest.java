package io.drover.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.health.HealthResult;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.safety.AttributeSource;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.HealthReport;
import io.drover.agent.testing.SettableClock;
import io.drover.agent.testing.TestRelease.Image;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the agent tells its server besides install reports: its attributes, and its health while a release soaks. */
class AgentTelemetryTest {
    private static final Duration SOAK = Duration.ofHours(1);
    private static final Duration EVERY = Duration.ofMinutes(5);

    @RegisterExtension
    final AgentHarness device = new AgentHarness();

    private final SettableClock clock = new SettableClock(AgentHarness.NOW);

    @Test
    void reportsItsAttributesAtStartAndWhenTheyChangeButNotWhenUnchanged() throws Exception {
        AtomicReference<Map<String, String>> attributes = new AtomicReference<>(Map.of("region", "eu", "line", "S5"));
        AttributeSource source = changing(attributes);

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).attributeSource(source).build()) {
            agent.runOnce();
            agent.runOnce();
            assertThat(device.server.attributeReports()).containsExactly(Map.of("region", "eu", "line", "S5"));

            attributes.set(Map.of("region", "eu", "line", "S6"));
            agent.runOnce();
            agent.runOnce();
        }
        try (Agent restarted = device.builder(new ImageDigestHealthCheck()).attributeSource(source).build()) {
            restarted.runOnce();
        }
        assertThat(device.server.attributeReports()).as("again at the next start").containsExactly(
                Map.of("region", "eu", "line", "S5"), Map.of("region", "eu", "line", "S6"),
                Map.of("region", "eu", "line", "S6"));
    }

    @Test
    void aFailedAttributeReportIsSentAgainAtTheNextCycleAndHoldsNothingUp() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 5_000)));
        device.server.failAttributeReports(1);

        try (Agent agent = device.builder(new ImageDigestHealthCheck())
                .attributeSource(AttributeSource.of(Map.of("in_depot", "true"))).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
            agent.runOnce();
            agent.runOnce();
        }
        assertThat(device.server.attributeReports()).containsExactly(Map.of("in_depot", "true"),
                Map.of("in_depot", "true"));
    }

    @Test
    void reportsNoAttributesWithoutASource() throws Exception {
        try (Agent agent = device.agent()) {
            agent.runOnce();
        }
        assertThat(device.server.requestsTo("/device/v1/attributes")).isEmpty();
    }

    @Test
    void reportsHealthDuringTheSoakAtItsIntervalAndStopsAfterIt() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 5_000)));

        try (Agent agent = device.builder(new ImageDigestHealthCheck(), clock).soak(SOAK, EVERY).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
            assertThat(device.server.healthReports()).as("right after the install")
                    .containsExactly(new HealthReport(true, null));

            after(Duration.ofMinutes(4));
            agent.runOnce();
            assertThat(device.server.healthReports()).as("not before the interval is up").hasSize(1);
            after(Duration.ofMinutes(5));
            agent.runOnce();
            assertThat(device.server.healthReports()).hasSize(2);

            after(Duration.ofMinutes(60));
            agent.runOnce();
            after(Duration.ofMinutes(70));
            agent.runOnce();
        }
        assertThat(device.server.healthReports()).as("none once the soak is over").hasSize(2);
        assertThat(device.dataDir.resolve("soak.json")).doesNotExist();
    }

    @Test
    void aHealthCheckThatFailsDuringTheSoakIsReportedAsTrouble() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 5_000)));
        AtomicBoolean appUp = new AtomicBoolean(true);

        try (Agent agent = device.builder(trial -> appUp.get() ? new HealthResult.Healthy()
                : new HealthResult.Unhealthy("app answers 500 on /health"), clock).soak(SOAK, EVERY).build()) {
            agent.runOnce();
            appUp.set(false);
            after(EVERY);
            agent.runOnce();
            appUp.set(true);
            after(EVERY.multipliedBy(2));
            agent.runOnce();
        }
        assertThat(device.server.healthReports()).containsExactly(new HealthReport(true, null),
                new HealthReport(false, "app answers 500 on /health"), new HealthReport(true, null));
    }

    @Test
    void aRestartThatFollowedNoStopCountsAsTroubleAndAStopThenStartDoesNot() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 5_000)));

        Agent lostPower = device.builder(new ImageDigestHealthCheck(), clock).soak(SOAK, EVERY).build();
        assertThat(lostPower.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        // Never closed: the device lost its power.
        after(Duration.ofMinutes(1));
        try (Agent rebooted = device.builder(new ImageDigestHealthCheck(), clock).soak(SOAK, EVERY).build()) {
            rebooted.runOnce();
        }
        after(Duration.ofMinutes(2));
        try (Agent restarted = device.builder(new ImageDigestHealthCheck(), clock).soak(SOAK, EVERY).build()) {
            restarted.runOnce();
        }
        assertThat(device.server.healthReports()).containsExactly(new HealthReport(true, null),
                new HealthReport(false, "1 unexpected restart(s) since release 7 was installed"),
                new HealthReport(false, "1 unexpected restart(s) since release 7 was installed"));
        assertThat(Files.readString(device.dataDir.resolve("soak.json"))).contains("\"running\":false");
        lostPower.close();
    }

    @Test
    void aZeroSoakReportsNoHealth() throws Exception {
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 5_000)));

        try (Agent agent = device.builder(new ImageDigestHealthCheck(), clock).soak(Duration.ZERO, EVERY).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
            agent.runOnce();
        }
        assertThat(device.server.healthReports()).isEmpty();
    }

    private void after(Duration sinceStart) {
        clock.set(AgentHarness.NOW.plus(sinceStart));
    }

    private static AttributeSource changing(AtomicReference<Map<String, String>> attributes) {
        return new AttributeSource() {
            @Override
            public Optional<String> attribute(String name) {
                return Optional.ofNullable(attributes.get().get(name));
            }

            @Override
            public Map<String, String> all() {
                return attributes.get();
            }
        };
    }
}
