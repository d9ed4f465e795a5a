package io.drover.cli.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover demo}: Drover's main job end to end, on the embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a server (H2 + local files), sign a release, start agents, roll the release out and show every device's state.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--devices", defaultValue = "5", description = "How many devices to emulate. Default: ${DEFAULT-VALUE}.")
    int devices;

    @Option(names = "--data-dir", defaultValue = "drover-data/demo", description = "Folder for the demo's server, keys and devices (emptied first). Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--timeout", defaultValue = "PT60S", description = "How long the rollout may take. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (devices < 1 || devices > 10_000) {
            throw new IllegalArgumentException("--devices must be between 1 and 10000");
        }
        boolean allUpdated = new Demo(System.out, dataDir, devices, timeout).run();
        return allUpdated ? 0 : 1;
    }
}
