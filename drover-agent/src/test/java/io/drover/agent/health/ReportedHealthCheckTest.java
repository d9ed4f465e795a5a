package io.drover.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's report file, written by a thread standing in for the application. */
class ReportedHealthCheckTest {
    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final TrialSlot TRIAL = TrialSlots.sequence(3);

    @TempDir
    Path dir;

    private Path report() {
        return dir.resolve("app-health");
    }

    /** As the application should: write, then rename. */
    private void writeReport(String line) {
        try {
            Path tmp = dir.resolve("app-health.tmp");
            Files.writeString(tmp, line + "\n");
            Files.move(tmp, report(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HealthResult check(Duration timeout) throws InterruptedException {
        return new ReportedHealthCheck(report(), timeout, INTERVAL).check(TRIAL);
    }

    @Test
    void healthyWhenTheApplicationReportsTheSequenceOnTrial() throws Exception {
        writeReport("2 healthy"); // left by the release before
        CompletableFuture<HealthResult> result = CompletableFuture.supplyAsync(() -> {
            try {
                return check(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        writeReport("3 healthy");

        assertThat(result.get()).isEqualTo(new HealthResult.Healthy());
    }

    @Test
    void unhealthyAtOnceWithTheApplicationsReason() throws InterruptedException {
        writeReport("3 unhealthy: database migration failed\nstack trace follows");

        // The timeout is far away: a result with the application's reason can only come from its report.
        assertThat(check(Duration.ofMinutes(1)))
                .isEqualTo(new HealthResult.Unhealthy("database migration failed"));
    }

    @Test
    void unhealthyWithoutAReasonSaysTheApplicationReportedIt() throws InterruptedException {
        writeReport("3 unhealthy");

        assertThat(check(Duration.ofMinutes(1)))
                .isEqualTo(new HealthResult.Unhealthy("the application reported unhealthy"));
    }

    @Test
    void aReportOnAnotherSequenceIsNotAnAnswer() throws InterruptedException {
        writeReport("2 healthy");

        assertThat(check(Duration.ofMillis(200))).isEqualTo(new HealthResult.Unhealthy("the application did not"
                + " report on sequence 3 in " + report() + " within PT0.2S (last: a report on sequence 2)"));
    }

    @Test
    void aLineThatIsNoReportIsNotAnAnswer() throws InterruptedException {
        writeReport("3 healthyish");

        assertThat(check(Duration.ofMillis(200))).isInstanceOfSatisfying(HealthResult.Unhealthy.class,
                unhealthy -> assertThat(unhealthy.reason()).endsWith("(last: not a report: \"3 healthyish\")"));
    }

    @Test
    void noReportAtAllTimesOut() throws InterruptedException {
        assertThat(check(Duration.ofMillis(200))).isInstanceOfSatisfying(HealthResult.Unhealthy.class,
                unhealthy -> assertThat(unhealthy.reason()).endsWith("within PT0.2S (last: no report yet)"));
    }
}
