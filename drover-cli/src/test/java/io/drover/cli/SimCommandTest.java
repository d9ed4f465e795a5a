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

    /**
     * Issue 5's acceptance: "A simulation of a 4-wave rollout over ≥ 1,000 emulated devices of three classes where
     * one class's release fails its health check: the rollout halts in its first wave for that class, and the other
     * classes complete." The bad class's devices that got the release (all of its first wave that checked in before
     * the halt) rolled back; the rest never got it and keep their old version.
     */
    @Test
    void aFourWaveRolloutHaltsInItsFirstWaveForTheBadClassWhileTheOtherClassesComplete() throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        CliRun run = CliRun.of("sim", "--devices", "1000", "--classes", "3", "--bad-class", "class-2",
                "--fault-rate", "0.05", "--waves", "1,10,50,100", "--success-percent", "90",
                "--max-failure-percent", "0", "--seed", "5", "--poll-interval", "PT3S", "--timeout", "PT5M",
                "--data-dir", dir.resolve("data").toString(), "--summary-json", summaryFile.toString());
        System.out.println(run.out());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(summary.get("mismatches")).as("devices not where predicted, or not as the server says").isEmpty();
        assertThat(summary.get("devices").asInt()).isEqualTo(1000);
        JsonNode rollouts = summary.get("rollouts");
        JsonNode bad = rollouts.get("class-2");
        assertThat(bad.get("status").asText()).isEqualTo("HALTED");
        assertThat(bad.get("wave").asInt()).isEqualTo(1);
        assertThat(bad.get("statusReason").asText()).startsWith("wave 1: ");
        assertThat(bad.get("reportsPerWave").properties()).as("only first-wave devices got the release")
                .singleElement().satisfies(wave -> assertThat(wave.getKey()).isEqualTo("1"));
        for (String good : new String[] {"class-1", "class-3"}) {
            assertThat(rollouts.get(good).get("status").asText()).as(good).isEqualTo("COMPLETED");
            assertThat(rollouts.get(good).get("wave").asInt()).as(good).isEqualTo(4);
        }
        int rolledBack = summary.get("rolledBack").asInt();
        assertThat(summary.get("updated").asInt()).as("every device of the two good classes").isEqualTo(667);
        assertThat(rolledBack).as("the bad class's devices that got the release").isPositive()
                .isEqualTo(bad.get("reportsPerWave").get("1").asInt());
        assertThat(summary.get("unchanged").asInt()).as("the rest of the bad class").isEqualTo(333 - rolledBack);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("bricked").asInt()).isZero();
        assertThat(summary.get("failureReasons").properties()).singleElement().satisfies(reason -> {
            assertThat(reason.getKey()).isEqualTo("agent.health-check-failed");
            assertThat(reason.getValue().asInt()).isEqualTo(rolledBack);
        });
    }

    /** Issue 4: devices whose agents install only in the depot, and that never are, end waiting and say why. */
    @Test
    void devicesNeverInTheDepotEndWaitingWithTheirReason() throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        CliRun run = CliRun.of("sim", "--devices", "40", "--classes", "2", "--never-in-depot", "0.25",
                "--fault-rate", "0", "--poll-interval", "PT0.5S", "--timeout", "PT2M",
                "--data-dir", dir.resolve("data").toString(), "--summary-json", summaryFile.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        int unchanged = summary.get("unchanged").asInt();
        assertThat(unchanged).isPositive();
        assertThat(summary.get("updated").asInt()).isEqualTo(40 - unchanged);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("waitingReasons").properties()).singleElement().satisfies(reason -> {
            assertThat(reason.getKey()).isEqualTo("attribute in_depot is false, needs true");
            assertThat(reason.getValue().asInt()).isEqualTo(unchanged);
        });
        assertThat(run.out()).contains("waiting: attribute in_depot is false, needs true");
    }

    @Test
    void refusesWavesThatDoNotEndAtAHundredPercent() {
        CliRun run = CliRun.of("sim", "--devices", "4", "--waves", "10,50", "--data-dir", dir.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--waves must end at 100");
    }

    @Test
    void refusesABadClassThatIsNotOneOfTheClasses() {
        CliRun run = CliRun.of("sim", "--devices", "4", "--classes", "2", "--bad-class", "class-9",
                "--data-dir", dir.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--bad-class must be one of");
    }
    /**
     * Issue 7: constrained device classes speak CoAP over DTLS beside HTTP ones, downloading through a gateway, with
     * the same faults (their links relayed over UDP): every device ends updated, as predicted.
     */
    @Test
    void aMixedFleetOfHttpAndCoapDevicesBehindAGatewayAllUpdateThroughTheirFaults() throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        CliRun run = CliRun.of("sim", "--devices", "40", "--classes", "2", "--coap-classes", "class-1", "--gateway",
                "--fault-rate", "0.15", "--seed", "3", "--poll-interval", "PT0.5S", "--timeout", "PT3M",
                "--data-dir", dir.resolve("data").toString(), "--summary-json", summaryFile.toString());
        System.out.println(run.out());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("for class-1, envelopes and artifacts through a gateway")
                .contains("it fetched 1 envelope(s) and 1 artifact(s) from the server").contains("as predicted");
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(summary.get("mismatches")).isEmpty();
        assertThat(summary.get("devices").asInt()).isEqualTo(40);
        assertThat(summary.get("updated").asInt()).isEqualTo(40);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("bricked").asInt()).isZero();
        assertThat(summary.get("faults").properties()).as("faults in the run").isNotEmpty();
        assertThat(dir.resolve("data/gateway-1/cache")).isDirectoryContaining(p -> p.getFileName().toString()
                .matches("[0-9a-f]{64}"));
        assertThat(dir.resolve("data/gateway-1/cache/envelopes")).isDirectoryContaining(p -> p.getFileName()
                .toString().matches("[0-9a-f]{64}"));
    }

    @Test
    void refusesAGatewayWithoutCoapClassesAndCoapClassesItDoesNotHave() {
        CliRun gateway = CliRun.of("sim", "--devices", "4", "--gateway", "--data-dir", dir.toString());
        assertThat(gateway.exitCode()).isNotZero();
        assertThat(gateway.err()).contains("--gateway needs --coap-classes");
        CliRun unknown = CliRun.of("sim", "--devices", "4", "--classes", "2", "--coap-classes", "class-3",
                "--data-dir", dir.toString());
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("--coap-classes must name classes of class-1, class-2");
        CliRun external = CliRun.of("sim", "--devices", "4", "--coap-classes", "class-1", "--server",
                "http://127.0.0.1:1", "--admin-token", "t", "--data-dir", dir.toString());
        assertThat(external.exitCode()).isNotZero();
        assertThat(external.err()).contains("--coap-classes needs the embedded server");
    }
}
