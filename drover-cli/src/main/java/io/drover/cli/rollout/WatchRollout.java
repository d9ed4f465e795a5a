package io.drover.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.api.ManagementClient;
import io.drover.cli.api.ServerConnection;
import io.drover.server.rollout.RolloutStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drover rollout watch ID}: follows a rollout until it completes, halts or is cancelled. On a terminal it
 * redraws the status table in place; otherwise (a pipe, a file, a CI log) it prints a line each time the progress
 * changes.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Follow a rollout live until it completes, halts or is cancelled, or Ctrl-C. On a terminal the "
                + "status table is redrawn in place; otherwise a line is printed whenever the progress changes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the rollout completed", "1:the server refused or could not be reached",
                "2:wrong usage", "3:the rollout halted or was cancelled", "130:stopped with Ctrl-C"})
final class WatchRollout implements Callable<Integer> {
    /** The exit code when the rollout stopped short of completing: halted by its limits or cancelled. */
    static final int STOPPED_SHORT = 3;
    /** Home the cursor, clear the screen: the table is drawn afresh each time. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Spec
    CommandSpec command;

    @Mixin
    ServerConnection server;

    @Parameters(paramLabel = "ID", description = "The rollout's id.")
    long id;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "PT2S", description = "How often to read the rollout. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--plain", description = "Print a line per change even on a terminal.")
    boolean plain;

    @Override
    public Integer call() throws InterruptedException {
        if (!interval.isPositive()) {
            throw new ParameterException(command.commandLine(), "--interval must be positive, not " + interval);
        }
        ManagementClient client = server.client();
        boolean redraw = !plain && System.console() != null;
        PrintStream out = System.out;
        String lastLine = null;
        while (true) {
            JsonNode rollout = client.rollout(id);
            if (redraw) {
                out.print(CLEAR_SCREEN);
                RolloutView.table(rollout).forEach(out::println);
                out.println();
                out.println("read every " + interval + "; Ctrl-C to stop watching (the rollout goes on)");
                out.flush();
            } else {
                String line = RolloutView.progress(rollout);
                if (!line.equals(lastLine)) {
                    out.println(line);
                    lastLine = line;
                }
            }
            switch (RolloutStatus.valueOf(rollout.path("status").asText())) {
                case COMPLETED -> {
                    return 0;
                }
                case HALTED, CANCELLED -> {
                    return STOPPED_SHORT;
                }
                // A paused rollout may be resumed, one awaiting its approval or rehearsal may get it: keep watching.
                case AWAITING_APPROVAL, AWAITING_REHEARSAL, RUNNING, PAUSED -> Thread.sleep(interval);
            }
        }
    }
}
