package io.drover.server.rollout;

import java.time.Instant;

/** Something that happened to a rollout: who did what, when and why. The controller acts as {@code drover}. */
public record RolloutEvent(long id, Instant at, String actor, String action, String detail) {}
