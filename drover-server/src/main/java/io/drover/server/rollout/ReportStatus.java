package io.drover.server.rollout;

/**
 * Where a device stands in a rollout. SUCCESS and FAILURE are final for that device and rollout: a FAILURE device is
 * not assigned the rollout again. The device reports all statuses but two, which the server decides: STEPPED and
 * INCOMPATIBLE. ROLLED_BACK follows a SUCCESS only when the server ordered it.
 */
public enum ReportStatus {
    /** A safety condition of the device (maintenance window, in depot …) holds the update back; the reason says which. */
    WAITING,
    DOWNLOADING,
    /** A download failed in a way that may pass (dropped link, corrupted byte, storage error); the device tries again. */
    RETRYING,
    INSTALLING,
    /**
     * The device installed an intermediate release on its way to the rollout's (its compatibility policy allows no
     * direct install); its next step is planned at its next check-in. Set by the server.
     */
    STEPPED,
    /**
     * The class's compatibility policy allows the rollout's release on this device by no path of the class's
     * releases; it is assigned nothing from the rollout, and judged again once the policy or what it runs changes.
     * Set by the server.
     */
    INCOMPATIBLE,
    SUCCESS,
    FAILURE,
    /**
     * The device returned to what it ran before the rollout's release, as the server told it to after the rollout
     * halted for its health gate (see {@link io.drover.server.rollout.wave.HealthGate#rollbackOnHalt}). Not final:
     * should the rollout run again, the device is assigned the release anew.
     */
    ROLLED_BACK;

    public boolean isFinal() {
        return this == SUCCESS || this == FAILURE;
    }

    /** Whether the device is downloading or installing: it finishes that before anything else is assigned to it. */
    public boolean isUnderway() {
        return this == DOWNLOADING || this == RETRYING || this == INSTALLING;
    }

    /** Whether a report of this status must say why: what failed, what is retried, or what the device waits for. */
    public boolean needsReason() {
        return this == FAILURE || this == RETRYING || this == WAITING || this == ROLLED_BACK;
    }

    /** Whether a report of this status must list what the device runs now: it changed, or may have. */
    public boolean needsInventory() {
        return isFinal() || this == ROLLED_BACK;
    }

    /** Whether only the server sets this status; a device that reports it is refused. */
    public boolean decidedByServer() {
        return this == STEPPED || this == INCOMPATIBLE;
    }
}
