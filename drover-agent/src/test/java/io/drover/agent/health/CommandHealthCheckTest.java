package io.drover.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandHealthCheckTest {
    private static final TrialSlot TRIAL = TrialSlots.sequence(3);

    private static HealthResult check(String script, Duration timeout) {
        return new CommandHealthCheck(List.of("sh", "-c", script), timeout).check(TRIAL);
    }

    @Test
    void healthyWhenTheCommandExitsZero() {
        assertThat(check("exit 0", Duration.ofSeconds(10))).isEqualTo(new HealthResult.Healthy());
    }

    @Test
    void unhealthyWithTheCommandsLastLineOtherwise() {
        assertThat(check("echo 'app did not answer on :8080' >&2; exit 1", Duration.ofSeconds(10)))
                .isEqualTo(new HealthResult.Unhealthy("app did not answer on :8080"));
    }

    @Test
    void unhealthyWhenTheCommandTimesOut() {
        assertThat(check("sleep 30", Duration.ofMillis(300)))
                .isEqualTo(new HealthResult.Unhealthy("command sh did not finish within PT0.3S"));
    }
}
