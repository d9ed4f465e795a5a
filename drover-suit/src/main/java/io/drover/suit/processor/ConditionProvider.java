package io.drover.suit.processor;

import java.util.OptionalLong;

/**
 * The device's answers to update-management conditions (draft-ietf-suit-update-management-14). Every method has a
 * cautious default, so a device implements only what it can measure: an unknown battery level fails a
 * minimum-battery condition, and a wait event nobody answers is not satisfied.
 */
public interface ConditionProvider {
    /** The remaining battery level in the unit the device's manifests use (the draft says mWh); empty if unknown. */
    default OptionalLong batteryLevel() {
        return OptionalLong.empty();
    }

    /** Whether an update of this suit-parameter-update-priority may proceed now (condition-update-authorized). */
    default boolean updateAuthorized(long priority) {
        return false;
    }

    /** Whether a non-time wait event holds now. */
    default boolean holds(WaitEvent event) {
        return false;
    }
}
