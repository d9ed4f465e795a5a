package io.drover.agent.safety;

import io.drover.agent.internal.Commands;
import java.time.Duration;
import java.util.List;

/**
 * Holds when a device-specific command exits 0 ("the machine is idle", "no call in progress"). Any other exit
 * waits, with the command's last output line as the reason; so does a command that outlives its timeout (it is
 * killed) or cannot be started.
 */
public record CommandCondition(List<String> command, Duration timeout) implements SafetyCondition {
    public CommandCondition {
        command = Commands.requireCommand(command);
        timeout = Commands.requirePositive(timeout);
    }

    @Override
    public Verdict check() {
        return switch (Commands.run(command, timeout)) {
            case Commands.Result.Exited exited when exited.code() == 0 -> new Verdict.Holds();
            case Commands.Result.Exited exited -> new Verdict.Waiting(exited.describe());
            case Commands.Result.NotFinished notFinished -> new Verdict.Waiting(notFinished.describe());
        };
    }
}
