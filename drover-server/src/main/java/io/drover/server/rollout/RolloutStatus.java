package io.drover.server.rollout;

/** A rollout's life: it assigns its release while RUNNING. */
public enum RolloutStatus {
    RUNNING,
    STOPPED
}
