package io.drover.server.rollout;

/**
 * A rollout's life. A RUNNING rollout assigns its release to the devices its waves have reached and moves through
 * them. AWAITING_APPROVAL (a rollout that changes a critical component, until someone other than its creator approves
 * it) assigns nothing and moves on to AWAITING_REHEARSAL or RUNNING when approved. AWAITING_REHEARSAL (a rollout that requires a rehearsal, until one passes) assigns nothing and starts its
 * wave 1 RUNNING once a rehearsal result passes. PAUSED (by an operator) and HALTED (by the rollout's own limits) assign nothing and may be resumed.
 * COMPLETED (every device of the last wave finished) is final but keeps assigning its release to targeted devices
 * that check in late; CANCELLED is final and assigns nothing.
 */
public enum RolloutStatus {
    AWAITING_APPROVAL,
    AWAITING_REHEARSAL,
    RUNNING,
    PAUSED,
    HALTED,
    COMPLETED,
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
