package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.sim.FaultKind;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover sim} emulates a faulty fleet, rolls out one release per class and checks every device's end. */
class SimCommandTest {
    @TempDir
    Path dir;

    /**
     * Issue 4's acceptance: "A simulation of 1,000 devices with 5 % faults and a release whose health check fails on
     * one device class: every device of the good classes ends updated, every device of the bad class ends rolled
     * back to its old version, none bricked, reports match the devices' real state." What a device ends as is read
     * from its data directory once its agent stopped (what it would boot), and must agree with its last report and
     * the inventory the server records; the summary lists every device that does not.
     */
    @Test
    void aThousandDevicesWithFivePercentFaultsAllUpdateButTheBadClassWhichAllRollsBack() throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        CliRun run = CliRun.of("sim", "--devices", "1000", "--classes", "4", "--bad-class", "class-3",
                "--fault-rate", "0.05", "--seed", "11", "--poll-interval", "PT5S", "--timeout", "PT5M",
                "--data-dir", dir.resolve("data").toString(), "--summary-json", summaryFile.toString());
        System.out.println(run.out()); // into the test's report: progress, summary and timings

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("as predicted").doesNotContain("UNEXPECTED");
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(summary.get("mismatches")).as("devices not where predicted, or not as the server says").isEmpty();
        assertThat(summary.get("devices").asInt()).isEqualTo(1000);
        assertThat(summary.get("updated").asInt()).as("every device of the three good classes").isEqualTo(750);
        assertThat(summary.get("rolledBack").asInt()).as("every device of the bad class").isEqualTo(250);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("bricked").asInt()).isZero();
        assertThat(summary.get("failureReasons").properties()).singleElement().satisfies(reason -> {
            assertThat(reason.getKey()).isEqualTo("agent.health-check-failed");
            assertThat(reason.getValue().asInt()).isEqualTo(250);
        });
        assertThat(summary.get("restarts").asInt()).as("devices lost power at an update step").isPositive();

        JsonNode faults = summary.get("faults");
        for (FaultKind kind : FaultKind.values()) {
            JsonNode tally = faults.get(kind.name());
            assertThat(tally).as(kind + " is in the run").isNotNull();
            assertThat(tally.get("failed").asInt()).as(kind.name()).isZero();
            if (kind == FaultKind.UNHEALTHY) {
                assertThat(tally.get("rolledBack").asInt()).isEqualTo(250);
            } else {
                assertThat(tally.get("updated").asInt()).as("good-class devices with " + kind + " end updated")
                        .isPositive();
            }
        }
    }

    @Test
    void refusesABadClassThatIsNotOneOfTheClasses() {
        CliRun run = CliRun.of("sim", "--devices", "4", "--classes", "2", "--bad-class", "class-9",
                "--data-dir", dir.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--bad-class must be one of");
    }
}
