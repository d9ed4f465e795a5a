package io.drover.cli.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover sim}: an emulated fleet with faults, updated through one rollout per device class. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Emulate a fleet of real agents with faults (poor links, crashes, clock skew, offline devices, a bad release) "
                + "and roll a release out to every class, at once or in waves; exits 0 when every device ends where the scenario predicts.")
public final class SimCommand implements Callable<Integer> {
    @Option(names = "--devices", required = true, description = "How many devices to emulate.")
    int devices;

    @Option(names = "--classes", defaultValue = "1", description = "How many device classes (class-1 …). Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--fault-rate", defaultValue = "0.05", description = "Chance of each fault per device. Default: ${DEFAULT-VALUE}.")
    double faultRate;

    @Option(names = "--bad-class", description = "A class whose release fails its health check on every device.")
    String badClass;

    @Option(names = "--never-in-depot", defaultValue = "0", description = "Share of the devices whose agents install only "
            + "in the depot (in_depot=true) and that never are: they end waiting. Default: ${DEFAULT-VALUE}.")
    double neverInDepot;

    @Option(names = "--waves", split = ",", description = "Roll each class out in waves: cumulative percents of its "
            + "devices, the last 100 (e.g. 1,10,50,100), without soak. Default: every device at once.")
    List<Double> waves = List.of();

    @Option(names = "--success-percent", defaultValue = "100", description = "With --waves: the share of a wave's "
            + "devices that must install before the next wave starts. Default: ${DEFAULT-VALUE}.")
    double successPercent;

    @Option(names = "--max-failure-percent", description = "With --waves: a rollout halts once more than this share "
            + "of its current wave's devices failed. Default: no limit.")
    Double maxFailurePercent;

    @Option(names = "--coap-classes", split = ",", description = "Classes whose devices are constrained: they speak "
            + "CoAP over DTLS with a PSK each, to the embedded server's CoAP port. Default: none.")
    List<String> coapClasses = List.of();

    @Option(names = "--gateway", description = "Run a gateway agent that serves envelopes and artifacts to the CoAP "
            + "devices, which fetch every envelope and artifact byte from it.")
    boolean gateway;

    @Option(names = "--server", description = "A running server's URL; without it an embedded server (H2) is started.")
    URI server;

    @Option(names = "--admin-token", description = "The admin token of --server.")
    String adminToken;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--summary-json", description = "Write the final summary as JSON to this file.")
    Path summaryJson;

    @Option(names = "--data-dir", defaultValue = "drover-data/sim", description = "Folder for the server, vendor and devices (emptied first). Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--poll-interval", defaultValue = "PT0.2S", description = "How often each agent checks in. Default: ${DEFAULT-VALUE}.")
    Duration pollInterval;

    @Option(names = "--timeout", defaultValue = "PT120S", description = "How long the rollouts may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--max-connections", defaultValue = "128", description = "How many requests the emulated devices may have on the wire at once; "
            + "the others wait their turn, so a large fleet does not run out of file descriptors. Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (server != null && adminToken == null) {
            throw new IllegalArgumentException("--server needs --admin-token");
        }
        if (waves.isEmpty() && maxFailurePercent != null) {
            throw new IllegalArgumentException("--max-failure-percent needs --waves");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("--classes must be at least 1");
        }
        if (server != null && !coapClasses.isEmpty()) {
            throw new IllegalArgumentException("--coap-classes needs the embedded server, whose CoAP port the run opens");
        }
        SimSettings settings = new SimSettings(devices, SimSettings.classNames(classes), faultRate, badClass, neverInDepot,
                new SimWaves(waves, successPercent, maxFailurePercent), seed, pollInterval, timeout, maxConnections,
                Set.copyOf(coapClasses), gateway);
        SimSummary summary = new SimRun(System.out, dataDir, settings, new GeneratedRelease(seed))
                .run(server, adminToken);
        if (summaryJson != null) {
            new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(summaryJson.toFile(), summary);
        }
        return summary.asPredicted() ? 0 : 1;
    }
}
