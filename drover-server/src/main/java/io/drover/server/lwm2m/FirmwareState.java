package io.drover.server.lwm2m;

import java.util.Optional;

/** The State resource of the Firmware Update object (/5/0/3, OMA LwM2M 1.1): where the device is in an update. */
enum FirmwareState {
    /** Nothing under way: before a download, or after an update ended (well or not). */
    IDLE,
    DOWNLOADING,
    /** The package is on the device, waiting for the Update resource (/5/0/2) to be executed. */
    DOWNLOADED,
    UPDATING;

    /** The state of a resource value; empty for a value the object does not define. */
    static Optional<FirmwareState> of(long value) {
        FirmwareState[] states = values();
        return value >= 0 && value < states.length ? Optional.of(states[(int) value]) : Optional.empty();
    }
}
