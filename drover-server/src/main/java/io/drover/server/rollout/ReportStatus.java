package io.drover.server.rollout;

/**
 * What a device says about its part in a rollout. SUCCESS and FAILURE are final for that device and rollout: a FAILURE
 * device is not assigned the rollout again. The others only say where the device is, and it stays assigned.
 */
public enum ReportStatus {
    /** A safety condition of the device (maintenance window, in depot …) holds the update back; the reason says which. */
    WAITING,
    DOWNLOADING,
    /** A download failed in a way that may pass (dropped link, corrupted byte, storage error); the device tries again. */
    RETRYING,
    INSTALLING,
    SUCCESS,
    FAILURE;

    public boolean isFinal() {
        return this == SUCCESS || this == FAILURE;
    }

    /** Whether a report of this status must say why: what failed, what is retried, or what the device waits for. */
    public boolean needsReason() {
        return this == FAILURE || this == RETRYING || this == WAITING;
    }
}
