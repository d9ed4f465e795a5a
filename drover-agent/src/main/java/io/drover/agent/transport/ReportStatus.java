package io.drover.agent.transport;

/**
 * Where a device is with a rollout, as the report endpoint names it. SUCCESS and FAILURE are final for the device and
 * rollout; the others say what is happening and never end the device's part in the rollout.
 */
public enum ReportStatus {
    /** A safety condition holds the update back; the reason says which. */
    WAITING,
    DOWNLOADING,
    /** A download failed in a way that may pass (a dropped link, a corrupted byte, a storage error); the device tries again. */
    RETRYING,
    INSTALLING,
    SUCCESS,
    FAILURE;

    /** Whether this status needs a reason: what failed, what is retried, or what is waited for. */
    public boolean needsReason() {
        return this == FAILURE || this == RETRYING || this == WAITING;
    }
}
