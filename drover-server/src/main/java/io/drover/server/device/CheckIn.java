package io.drover.server.device;

import io.drover.server.rollout.Assignment;

/** The answer to a device's check-in: who it is and what, if anything, it should install now. */
public record CheckIn(String deviceId, Assignment assignment) {}
