package io.drover.sim;

import io.drover.agent.UpdateStep;
import io.drover.sim.impair.Impairment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Faults drawn at a rate: each kind of fault but {@link FaultKind#UNHEALTHY} (which follows the release) hits a device
 * with probability {@code rate}, independently of the others. A device's faults depend only on the seed and its id,
 * so a scenario replays exactly and adding devices does not change the faults of the others.
 */
public record FaultPlan(double rate, long seed) {
    /** The link of an impaired device: latency, jitter, a slow line that drops a connection now and then. */
    static final Impairment POOR_LINK = Impairment.NONE.withDelay(Duration.ofMillis(30), Duration.ofMillis(20))
            .withBandwidth(2_000_000).withDisconnects(0, 0.005);
    /**
     * A link that flips one bit of what the server sends, inside the first download of an image of some 64 KiB: the
     * first 8 KiB (check-in, envelope and their answers, a few times over) pass intact, then the victim is about
     * 4 KiB further on average.
     * A corrupted envelope would fail its signature, which the agent rightly takes as final; a real link's TLS turns
     * such corruption into a dropped connection. The image's digest is what this fault tests.
     */
    static final Impairment CORRUPTING_LINK = Impairment.NONE.withCorruption(1.0 / 4096, 1, 8 * 1024);
    static final Duration MAX_SKEW = Duration.ofHours(2);
    static final Duration MAX_OFFLINE = Duration.ofSeconds(2);
    /** Where a crash may strike: the steps every update of a plaintext release passes, installed or rolled back. */
    static final List<UpdateStep> CRASH_STEPS = List.of(UpdateStep.VERIFIED, UpdateStep.DOWNLOADING,
            UpdateStep.SLOT_COMPLETE, UpdateStep.SWAPPED, UpdateStep.HEALTH_CHECKING, UpdateStep.REPORTED);

    public FaultPlan {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate must be in [0, 1], got " + rate);
        }
    }

    public DeviceFaults faultsOf(String deviceId) {
        SplittableRandom random = new SplittableRandom(seed ^ mix(deviceId));
        Impairment network = random.nextDouble() < rate ? POOR_LINK : Impairment.NONE;
        boolean crash = random.nextDouble() < rate;
        Duration skew = random.nextDouble() < rate
                ? Duration.ofSeconds(random.nextLong(-MAX_SKEW.toSeconds(), MAX_SKEW.toSeconds() + 1))
                : Duration.ZERO;
        Duration offline = random.nextDouble() < rate
                ? Duration.ofMillis(random.nextLong(1, MAX_OFFLINE.toMillis() + 1))
                : Duration.ZERO;
        // The crash's step, then the corrupting link: drawn after the others, in the order they were added, so that
        // each addition kept the earlier faults of every seed as they were.
        Optional<UpdateStep> crashAt = crash
                ? Optional.of(CRASH_STEPS.get(random.nextInt(CRASH_STEPS.size())))
                : Optional.empty();
        if (random.nextDouble() < rate) {
            network = network.withCorruption(CORRUPTING_LINK.corruptionProbability(), CORRUPTING_LINK.maxCorruptions(),
                    CORRUPTING_LINK.cleanBytes());
        }
        return new DeviceFaults(network, false, crashAt, skew, offline);
    }

    /** A stable 64-bit hash of the id (String.hashCode has too few bits to keep devices apart). */
    private static long mix(String deviceId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : deviceId.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return h;
    }
}
