package io.drover.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.api.RolloutAction;
import io.drover.cli.api.ServerConnection;
import io.drover.cli.sim.RehearseRollout;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover rollout}: start, follow and steer rollouts on a running server. */
@Command(name = "rollout", description = "Start, follow and steer rollouts on a running server.",
        subcommands = {CreateRollout.class, RolloutCommand.Status.class, RolloutCommand.Events.class,
                RolloutCommand.Pause.class, RolloutCommand.Resume.class, RolloutCommand.Cancel.class,
                RolloutCommand.Promote.class, RolloutCommand.Approve.class, WatchRollout.class,
                RehearseRollout.class})
public final class RolloutCommand {

    /** {@code drover rollout status ID}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show how a rollout stands: its status, current wave, what it waits for, and per wave the "
                    + "devices, those pending and each reported status.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Parameters(paramLabel = "ID", description = "The rollout's id.")
        long id;

        @Option(names = "--json", description = "Print the server's JSON as it is.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode rollout = server.client().rollout(id);
            if (json) {
                printJson(rollout);
            } else {
                RolloutView.table(rollout).forEach(System.out::println);
            }
            return 0;
        }
    }

    /** {@code drover rollout events ID}. */
    @Command(name = "events", mixinStandardHelpOptions = true,
            description = "Show a rollout's history: who did what, when and why (the controller acts as 'drover').")
    static final class Events implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Parameters(paramLabel = "ID", description = "The rollout's id.")
        long id;

        @Option(names = "--json", description = "Print the server's JSON as it is.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            JsonNode events = server.client().rolloutEvents(id);
            if (json) {
                printJson(events);
                return 0;
            }
            for (JsonNode event : events) {
                String detail = event.path("detail").isNull() ? "" : event.path("detail").asText();
                System.out.println("%-24s %-8s %-10s %s".formatted(event.path("at").asText(),
                        event.path("actor").asText(), event.path("action").asText(), detail).stripTrailing());
            }
            return 0;
        }
    }

    /** The four operator actions: each names a rollout, may give a reason, and prints where the rollout now stands. */
    abstract static class Steer implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Parameters(paramLabel = "ID", description = "The rollout's id.")
        long id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the rollout's history.")
        String reason;

        abstract RolloutAction action();

        @Override
        public Integer call() {
            System.out.println(RolloutView.summary(server.client().steerRollout(id, action(), reason)));
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stop assigning the release (devices already installing finish) until resumed.")
    static final class Pause extends Steer {
        @Override
        RolloutAction action() {
            return RolloutAction.PAUSE;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Run a paused or halted rollout again from the wave it stopped in; the wave's soak starts afresh.")
    static final class Resume extends Steer {
        @Override
        RolloutAction action() {
            return RolloutAction.RESUME;
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "End the rollout for good: no device is assigned its release any more.")
    static final class Cancel extends Steer {
        @Override
        RolloutAction action() {
            return RolloutAction.CANCEL;
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Start the next wave now, whatever the current one's soak and thresholds say.")
    static final class Promote extends Steer {
        @Override
        RolloutAction action() {
            return RolloutAction.PROMOTE;
        }
    }

    /** {@code drover rollout approve ID}: the two-person rule's second person. */
    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a rollout that changes a critical component and awaits approval (roles approver and "
                    + "admin; never the rollout's own creator). It then awaits its rehearsal, if it requires one, or "
                    + "starts wave 1.")
    static final class Approve implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Parameters(paramLabel = "ID", description = "The rollout's id.")
        long id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the rollout's history.")
        String reason;

        @Override
        public Integer call() {
            System.out.println(RolloutView.summary(server.client().approveRollout(id, reason)));
            return 0;
        }
    }

    private static void printJson(JsonNode node) throws Exception {
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
