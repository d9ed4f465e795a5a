package io.drover.agent.health;

import io.drover.agent.internal.Commands;
import java.time.Duration;
import java.util.List;

/**
 * A device-specific health check: a command (start the application, probe it) that exits 0 when the new slot
 * works. Any other exit, a timeout (the command is killed) or a command that cannot start is unhealthy, with the
 * command's last output line as the reason. It runs once per health-check start, so after a restart mid-trial it
 * runs again.
 */
public record CommandHealthCheck(List<String> command, Duration timeout) implements HealthCheck {
    public CommandHealthCheck {
        command = Commands.requireCommand(command);
        timeout = Commands.requirePositive(timeout);
    }

    @Override
    public HealthResult check(TrialSlot trial) {
        return switch (Commands.run(command, timeout)) {
            case Commands.Result.Exited exited when exited.code() == 0 -> new HealthResult.Healthy();
            case Commands.Result.Exited exited -> new HealthResult.Unhealthy(exited.describe());
            case Commands.Result.NotFinished notFinished -> new HealthResult.Unhealthy(notFinished.describe());
        };
    }
}
