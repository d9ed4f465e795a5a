package io.drover.agent.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandConditionTest {
    private static CommandCondition shell(String script, Duration timeout) {
        return new CommandCondition(List.of("sh", "-c", script), timeout);
    }

    @Test
    void holdsWhenTheCommandExitsZero() {
        assertThat(shell("echo idle", Duration.ofSeconds(10)).check()).isEqualTo(new Verdict.Holds());
    }

    @Test
    void waitsWithTheLastOutputLineWhenTheCommandExitsNonZero() {
        CommandCondition busy = shell("echo checking; echo 'call in progress' >&2; exit 3", Duration.ofSeconds(10));

        assertThat(busy.check()).isEqualTo(new Verdict.Waiting("call in progress"));
    }

    @Test
    void waitsWithTheExitCodeWhenTheCommandSaysNothing() {
        assertThat(shell("exit 7", Duration.ofSeconds(10)).check())
                .isEqualTo(new Verdict.Waiting("command exited with 7"));
    }

    @Test
    void waitsAndKillsACommandThatOutlivesItsTimeout() {
        long started = System.nanoTime();

        Verdict verdict = shell("sleep 30", Duration.ofMillis(300)).check();

        assertThat(verdict).isEqualTo(new Verdict.Waiting("command sh did not finish within PT0.3S"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void waitsWhenTheCommandCannotStart() {
        assertThat(new CommandCondition(List.of("/nonexistent/drover-check"), Duration.ofSeconds(1)).check())
                .isInstanceOfSatisfying(Verdict.Waiting.class, waiting ->
                        assertThat(waiting.reason()).startsWith("command /nonexistent/drover-check could not start"));
    }
}
