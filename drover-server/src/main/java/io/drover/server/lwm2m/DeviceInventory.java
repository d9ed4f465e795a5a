package io.drover.server.lwm2m;

import io.drover.error.DroverException;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.fleet.FleetService;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an LwM2M device's Device object states, as an agent's reports would: its manufacturer, model and
 * firmware version as attributes (which rollouts can target and require), and the firmware version as the version
 * of its class's component when the class has exactly one. Object 5 updates one firmware image, so an LwM2M device
 * class normally has one component; with several, which one the firmware version names is unknown, and the
 * inventory is left as registered and reported.
 */
final class DeviceInventory {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceInventory.class);
    /** What the inventory keeps of a version. */
    private static final int MAX_VERSION = 100;

    private final FleetService fleet;
    private final DeviceTraitsService traits;

    DeviceInventory(FleetService fleet, DeviceTraitsService traits) {
        this.fleet = fleet;
        this.traits = traits;
    }

    /** Records {@code info}; what Drover cannot keep (an attribute too long, say) is logged and changes nothing. */
    void record(String deviceId, DeviceInfo info) {
        try {
            traits.reportAttributes(deviceId, info.attributes());
        } catch (DroverException e) {
            LOG.info("device {} states a Device object Drover does not keep as attributes: {}", deviceId,
                    e.getMessage());
            return;
        }
        info.firmwareVersion().filter(v -> v.length() <= MAX_VERSION).ifPresent(version ->
                soleComponent(deviceId).ifPresent(c -> fleet.recordStatedVersion(deviceId, c, version)));
    }

    /** The device class's component when it has exactly one: the firmware image Object 3 and Object 5 speak of. */
    Optional<String> soleComponent(String deviceId) {
        List<String> components = fleet.deviceClass(fleet.device(deviceId).className()).components();
        return components.size() == 1 ? Optional.of(components.getFirst()) : Optional.empty();
    }
}
