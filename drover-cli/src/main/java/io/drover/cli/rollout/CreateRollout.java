package io.drover.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.api.ServerConnection;
import io.drover.safety.RolloutSafety;
import io.drover.safety.SafetyWindow;
import io.drover.server.rollout.NewRollout;
import io.drover.server.rollout.RehearsalRequirement;
import io.drover.server.rollout.wave.HealthGate;
import io.drover.server.rollout.wave.Wave;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code drover rollout create}: start a rollout of a release to the devices of its class. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Start a rollout of a stored release to its device class, at once or in waves.")
final class CreateRollout implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    ServerConnection server;

    @Option(names = "--release", required = true, paramLabel = "ID", description = "The release to roll out.")
    long releaseId;

    @Option(names = "--filter", paramLabel = "EXPR",
            description = "Which devices of the class, by attributes and groups, e.g. \"region = eu and line = S5\".")
    String filter;

    @Option(names = "--wave", paramLabel = "WAVE", converter = WaveOption.class,
            description = "A wave, in order, as PERCENT:SOAK:SUCCESS[:MAXFAIL], e.g. 10:PT1H:95:2%% (SOAK: ISO-8601; "
                    + "MAXFAIL: a count, or a share with %%); the last reaches 100. None: every targeted device at once.")
    List<Wave> waves = new ArrayList<>();

    @Option(names = "--canary-group", paramLabel = "GROUP", description = "Devices of this group all belong to the first wave.")
    String canaryGroup;

    @Option(names = "--health-margin", paramLabel = "POINTS",
            description = "Health gate: a wave moves on only if its updated devices report trouble at most this many "
                    + "percentage points more often than devices not yet updated; needs --health-min-devices.")
    Double healthMargin;

    @Option(names = "--health-min-devices", paramLabel = "N",
            description = "Health gate: how many updated devices must have reported their health before it judges.")
    Long healthMinDevices;

    @Option(names = "--health-rollback",
            description = "Health gate: when it halts the rollout, tell the devices that installed the release to "
                    + "return to what they ran before.")
    boolean healthRollback;

    @Option(names = "--window", paramLabel = "WINDOW", converter = WindowOption.class,
            description = "Safety: a maintenance window devices install in, as [DAYS@]START+LENGTH, e.g. "
                    + "SAT,SUN@01:00+PT4H (local time in --time-zone); with several, any one will do.")
    List<SafetyWindow> windows = new ArrayList<>();

    @Option(names = "--time-zone", paramLabel = "ZONE",
            description = "Safety: the time zone of the windows, e.g. Europe/Berlin (default UTC).")
    String timeZone;

    @Option(names = "--require", paramLabel = "NAME=VALUE",
            description = "Safety: a device attribute that must have this value before the device installs, e.g. "
                    + "in_depot=true.")
    Map<String, String> required = new LinkedHashMap<>();

    @Option(names = "--priority", paramLabel = "N",
            description = "Against other rollouts that could update the same device: highest first (-1000..1000, default 0).")
    Integer priority;

    @Option(names = "--rehearsal-devices", paramLabel = "N",
            description = "Require a rehearsal (drover rollout rehearse) on at least N emulated devices before wave 1 "
                    + "starts; until one passes, the rollout assigns nothing.")
    Integer rehearsalDevices;

    @Option(names = "--rehearsal-max-failure-percent", paramLabel = "PERCENT",
            description = "With --rehearsal-devices: the largest share of the emulated devices that may end without "
                    + "the release (default 0).")
    Integer rehearsalMaxFailurePercent;

    @Override
    public Integer call() {
        if (rehearsalDevices == null && rehearsalMaxFailurePercent != null) {
            throw new ParameterException(command.commandLine(),
                    "--rehearsal-max-failure-percent needs --rehearsal-devices");
        }
        if ((healthMargin == null) != (healthMinDevices == null)) {
            throw new ParameterException(command.commandLine(),
                    "a health gate needs both --health-margin and --health-min-devices");
        }
        if (healthRollback && healthMargin == null) {
            throw new ParameterException(command.commandLine(),
                    "--health-rollback needs a health gate (--health-margin and --health-min-devices)");
        }
        if (timeZone != null && windows.isEmpty()) {
            throw new ParameterException(command.commandLine(), "--time-zone needs a --window");
        }
        HealthGate gate = healthMargin == null ? null : new HealthGate(healthMargin, healthMinDevices, healthRollback);
        RehearsalRequirement rehearsal = rehearsalDevices == null ? null
                : new RehearsalRequirement(rehearsalDevices, rehearsalMaxFailurePercent);
        RolloutSafety safety = windows.isEmpty() && required.isEmpty() ? null
                : new RolloutSafety(timeZone, windows, required);
        NewRollout request = new NewRollout(releaseId, filter, waves, canaryGroup, gate, priority, rehearsal, safety);
        JsonNode created = server.client().startRollout(request);
        System.out.println("rollout " + created.path("id").asLong() + " created");
        RolloutView.table(created).forEach(System.out::println);
        return 0;
    }
}
