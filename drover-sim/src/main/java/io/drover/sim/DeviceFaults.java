package io.drover.sim;

import io.drover.sim.impair.Impairment;
import java.time.Duration;
import java.util.Objects;

/**
 * What goes wrong on one emulated device.
 *
 * @param network what the device's link does to traffic from the server; {@link Impairment#NONE} for a direct link
 * @param unhealthy every new slot fails its health check, so every update rolls back
 * @param crashDuringHealthCheck power is lost during the first health check; a new agent on the same data directory
 *     then finishes the trial, as after a reboot
 * @param clockSkew how far the device's clock is off
 * @param offlineAtStart how long the device stays silent before its first check-in
 */
public record DeviceFaults(Impairment network, boolean unhealthy, boolean crashDuringHealthCheck, Duration clockSkew,
        Duration offlineAtStart) {

    public static final DeviceFaults NONE = new DeviceFaults(Impairment.NONE, false, false, Duration.ZERO, Duration.ZERO);

    public DeviceFaults {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(offlineAtStart, "offlineAtStart");
        if (offlineAtStart.isNegative()) {
            throw new IllegalArgumentException("offlineAtStart must not be negative");
        }
    }

    public boolean impairedNetwork() {
        return !network.equals(Impairment.NONE);
    }
}
