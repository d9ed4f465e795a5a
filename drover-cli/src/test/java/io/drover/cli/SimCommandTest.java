package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover sim} emulates a faulty fleet, rolls out one release per class and checks every device's end. */
class SimCommandTest {
    @TempDir
    Path dir;

    @Test
    void goodClassesAllUpdateAndTheBadClassAllRollsBackWhateverTheFaults() throws IOException {
        Path summaryFile = dir.resolve("summary.json");
        CliRun run = CliRun.of("sim", "--devices", "60", "--classes", "3", "--bad-class", "class-2",
                "--fault-rate", "0.1", "--seed", "7", "--data-dir", dir.resolve("data").toString(),
                "--summary-json", summaryFile.toString(), "--timeout", "PT50S");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("as predicted").doesNotContain("UNEXPECTED");
        JsonNode summary = new ObjectMapper().readTree(summaryFile.toFile());
        assertThat(summary.get("devices").asInt()).isEqualTo(60);
        assertThat(summary.get("updated").asInt()).isEqualTo(40);
        assertThat(summary.get("rolledBack").asInt()).isEqualTo(20);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("mismatches")).isEmpty();
        assertThat(summary.get("failureReasons").get("agent.health-check-failed").asInt()).isEqualTo(20);
        assertThat(summary.get("restarts").asInt()).as("seed 7 gives some devices a crash").isPositive();
    }

    @Test
    void refusesABadClassThatIsNotOneOfTheClasses() {
        CliRun run = CliRun.of("sim", "--devices", "4", "--classes", "2", "--bad-class", "class-9",
                "--data-dir", dir.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--bad-class must be one of");
    }
}
