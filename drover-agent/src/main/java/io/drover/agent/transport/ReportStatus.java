package io.drover.agent.transport;

/**
 * Where a device is with a rollout, as the report endpoint names it. SUCCESS and FAILURE are final for the device and
 * rollout; the others say what is happening and never end the device's part in the rollout. ROLLED_BACK follows a
 * SUCCESS only when the server ordered it.
 */
public enum ReportStatus {
    /** A safety condition holds the update back; the reason says which. */
    WAITING,
    DOWNLOADING,
    /** A download failed in a way that may pass (a dropped link, a corrupted byte, a storage error); the device tries again. */
    RETRYING,
    INSTALLING,
    SUCCESS,
    FAILURE,
    /** The device returned to the release it ran before, as the server ordered. */
    ROLLED_BACK;

    /** Whether this status needs a reason: what failed, what is retried, or what is waited for. */
    public boolean needsReason() {
        return this == FAILURE || this == RETRYING || this == WAITING || this == ROLLED_BACK;
    }
}
