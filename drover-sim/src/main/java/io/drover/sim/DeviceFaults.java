package io.drover.sim;

import io.drover.agent.UpdateStep;
import io.drover.sim.impair.Impairment;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What goes wrong on one emulated device.
 *
 * @param network what the device's link does to traffic from the server (delay, drops, corruption …);
 *     {@link Impairment#NONE} for a direct link
 * @param unhealthy every new slot fails its health check, so every update rolls back
 * @param crashAt power is lost the first time an update reaches this step (at {@link UpdateStep#HEALTH_CHECKING}:
 *     during the first health check); a new agent on the same data directory then carries on, as after a reboot
 * @param clockSkew how far the device's clock is off
 * @param offlineAtStart how long the device stays silent before its first check-in
 */
public record DeviceFaults(Impairment network, boolean unhealthy, Optional<UpdateStep> crashAt, Duration clockSkew,
        Duration offlineAtStart) {

    public static final DeviceFaults NONE =
            new DeviceFaults(Impairment.NONE, false, Optional.empty(), Duration.ZERO, Duration.ZERO);

    public DeviceFaults {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(crashAt, "crashAt");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(offlineAtStart, "offlineAtStart");
        if (offlineAtStart.isNegative()) {
            throw new IllegalArgumentException("offlineAtStart must not be negative");
        }
    }

    public boolean impairedNetwork() {
        return !network.equals(Impairment.NONE);
    }

    /** Which kinds of fault these are; empty for a device that works as it should. */
    public Set<FaultKind> kinds() {
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        if (!network.withCorruption(0, 0).equals(Impairment.NONE)) {
            kinds.add(FaultKind.POOR_LINK);
        }
        if (network.corruptionProbability() > 0 && network.maxCorruptions() > 0) {
            kinds.add(FaultKind.CORRUPTION);
        }
        if (crashAt.isPresent()) {
            kinds.add(FaultKind.CRASH);
        }
        if (unhealthy) {
            kinds.add(FaultKind.UNHEALTHY);
        }
        if (!clockSkew.isZero()) {
            kinds.add(FaultKind.CLOCK_SKEW);
        }
        if (offlineAtStart.isPositive()) {
            kinds.add(FaultKind.OFFLINE_AT_START);
        }
        return kinds;
    }
}
