package io.drover.suit.processor;

import io.drover.suit.report.CborBytes;
import java.util.Objects;

/**
 * One event of a SUIT_Wait_Event map (draft-ietf-suit-update-management-14) that only the device can judge:
 * authorization (1), power (2), network (3), other-device-version (4), or an application-defined label such as an
 * "in depot" flag. Time events (5 to 9) the processor judges itself with its clock.
 *
 * @param label    the wait-event label
 * @param argument the encoded argument as the manifest gives it
 */
public record WaitEvent(int label, CborBytes argument) {
    public static final int AUTHORIZATION = 1;
    public static final int POWER = 2;
    public static final int NETWORK = 3;
    public static final int OTHER_DEVICE_VERSION = 4;

    public WaitEvent {
        Objects.requireNonNull(argument, "argument");
    }
}
