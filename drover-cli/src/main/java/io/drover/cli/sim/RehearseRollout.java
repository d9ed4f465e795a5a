package io.drover.cli.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.api.ManagementClient;
import io.drover.cli.api.ServerConnection;
import io.drover.error.DroverException;
import io.drover.server.rollout.RehearsalResult;
import io.drover.server.rollout.RolloutErrors;
import io.drover.server.rollout.RolloutStatus;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.encryption.GroupKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drover rollout rehearse ID}: runs the rollout's release, exactly as signed, on an emulated fleet of its class
 * (real agents with the faults asked for, against an embedded server of the rehearsal's own on H2), then records the
 * result on the rollout. The server judges it: a pass starts wave 1, a failure leaves the rollout unstarted.
 */
@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = "Rehearse a rollout that requires it: run its signed release on an emulated fleet of its class "
                + "(real agents, with faults) on a sandbox server, and record the result on the rollout; the server "
                + "starts wave 1 if it passes. Exits 0 when it passed, 3 when it did not.")
public final class RehearseRollout implements Callable<Integer> {
    /** The exit code of a rehearsal the server judged failing, as {@code watch} exits on a rollout stopped short. */
    static final int FAILED = 3;

    @Mixin
    ServerConnection server;

    @Parameters(paramLabel = "ID", description = "The rollout's id.")
    long id;

    @Option(names = "--devices", paramLabel = "N",
            description = "How many devices to emulate. Default: as many as the rollout's rehearsal requires.")
    Integer devices;

    @Option(names = "--fault-rate", defaultValue = "0", description = "Chance of each fault per device (poor links, "
            + "crashes, clock skew, offline devices), as for drover sim. Default: ${DEFAULT-VALUE}.")
    double faultRate;

    @Option(names = "--unhealthy", description = "Every device's health check fails after installing, so every "
            + "install rolls back: shows that the gate holds such a release back.")
    boolean unhealthy;

    @Option(names = "--never-in-depot", defaultValue = "0", description = "Share of the devices that install only in "
            + "the depot and never are. Default: ${DEFAULT-VALUE}.")
    double neverInDepot;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--data-dir", description = "Folder for the sandbox server and the devices (emptied first, kept "
            + "afterwards). Default: a temporary folder, removed afterwards.")
    Path dataDir;

    @Option(names = "--poll-interval", defaultValue = "PT0.2S", description = "How often each agent checks in. Default: ${DEFAULT-VALUE}.")
    Duration pollInterval;

    @Option(names = "--timeout", defaultValue = "PT120S", description = "How long the rehearsal's rollout may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--group-key", paramLabel = "FILE", description = "A fleet group key (PEM, as drover keys "
            + "generate-group writes it) that the release's encrypted images are wrapped for; the emulated devices hold it "
            + "as the fleet's do. Repeatable. Proven on every encrypted image before the rehearsal runs.")
    List<Path> groupKeyFiles = new ArrayList<>();

    @Option(names = "--max-connections", defaultValue = "128",
            description = "How many requests the emulated devices may have on the wire at once. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ManagementClient real = server.client();
        JsonNode rollout = real.rollout(id);
        JsonNode required = rollout.path("rehearsal");
        if (!required.isObject() || !rollout.path("status").asText().equals(RolloutStatus.AWAITING_REHEARSAL.name())) {
            // Refused before anything runs, as the server would refuse the result.
            throw new DroverException(RolloutErrors.NOT_AWAITING_REHEARSAL, "rollout " + id + " is "
                    + rollout.path("status").asText()
                    + (required.isObject() ? "" : " and requires no rehearsal") + ": there is nothing to rehearse");
        }
        long releaseId = rollout.get("releaseId").asLong();
        List<GroupKey> groupKeys = new ArrayList<>();
        for (Path file : groupKeyFiles) {
            groupKeys.add(GroupKey.fromPem(Files.readString(file), SecretKeyAccess.get()));
        }
        CopiedRelease release = CopiedRelease.of(real, releaseId, groupKeys);
        String className = release.className();
        SimSettings settings = new SimSettings(devices == null ? required.get("devices").asInt() : devices,
                List.of(className), faultRate, unhealthy ? className : null, neverInDepot, SimWaves.EVERYONE, seed,
                pollInterval, timeout, maxConnections);
        System.out.printf("rehearsing release %d of rollout %d on %d emulated devices of class %s%n", releaseId, id,
                settings.devices(), className);
        Path folder = dataDir == null ? Files.createTempDirectory("drover-rehearsal") : dataDir;
        SimSummary summary;
        try {
            summary = new SimRun(System.out, folder, settings, release).run(null, null);
        } finally {
            if (dataDir == null) {
                SimRun.delete(folder);
            }
        }
        JsonNode judged = real.recordRehearsal(id, result(releaseId, summary));
        JsonNode verdict = judged.at("/lastRehearsal/verdict");
        boolean passed = verdict.path("passed").asBoolean();
        System.out.println("rehearsal " + (passed ? "passed" : "failed") + ": " + verdict.path("reason").asText());
        System.out.println("rollout " + id + " is " + judged.path("status").asText());
        return passed ? 0 : FAILED;
    }

    private RehearsalResult result(long releaseId, SimSummary summary) {
        Map<String, Integer> faults = new TreeMap<>();
        summary.faults().forEach((kind, tally) -> faults.put(kind.name(), tally.devices()));
        // The server keeps a bounded record: the first mismatches, each cut short, and how many there were.
        List<String> mismatches = summary.mismatches().stream().limit(RehearsalResult.MAX_LINES)
                .map(line -> line.length() <= RehearsalResult.MAX_LINE_LENGTH ? line
                        : line.substring(0, RehearsalResult.MAX_LINE_LENGTH - 1) + "…")
                .toList();
        return new RehearsalResult(releaseId, summary.devices(), summary.updated(), summary.rolledBack(),
                summary.unchanged(), summary.failed(), summary.bricked(), summary.failureReasons(), faults,
                mismatches, summary.mismatches().size(), seed);
    }
}
