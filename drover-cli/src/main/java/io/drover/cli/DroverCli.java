package io.drover.cli;

import io.drover.cli.agent.AgentCommand;
import io.drover.cli.demo.DemoCommand;
import io.drover.cli.device.DeviceCommand;
import io.drover.cli.keys.KeysCommand;
import io.drover.cli.ledger.ForensicsCommand;
import io.drover.cli.ledger.LedgerCommand;
import io.drover.cli.manifest.ManifestCommand;
import io.drover.cli.release.ReleaseCommand;
import io.drover.cli.rollout.RolloutCommand;
import io.drover.cli.server.ServerCommand;
import io.drover.cli.sim.SimCommand;
import io.drover.cli.user.UserCommand;
import io.drover.error.DroverException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code drover} command. */
@Command(name = "drover", mixinStandardHelpOptions = true, version = "drover 0.1.0",
        description = "Secure, confidential and accountable software updates for IoT fleets.",
        subcommands = {ServerCommand.class, AgentCommand.class, DemoCommand.class, SimCommand.class, KeysCommand.class,
                ReleaseCommand.class, RolloutCommand.class, DeviceCommand.class, UserCommand.class,
                ManifestCommand.class, LedgerCommand.class, ForensicsCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:refused or failed (a server's refusal shows its error code)", "2:wrong usage"})
public final class DroverCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 0 done, 1 refused or failed, 2 wrong usage. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new DroverCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof DroverException de) {
                commandLine.getErr().println("drover: " + de.getMessage() + " [" + de.errorCode() + "]");
            } else if (e instanceof UncheckedIOException io) {
                commandLine.getErr().println("drover: " + io.getMessage());
            } else {
                commandLine.getErr().println("drover: " + e);
            }
            return 1;
        });
        return cli.execute(args);
    }
}
