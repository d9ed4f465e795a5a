package io.drover.server.device;

import io.drover.server.rollout.Assignment;
import io.drover.server.rollout.RollbackOrder;

/**
 * The answer to a device's check-in: who it is and what, if anything, it should install now, or which release it
 * should roll back (never both: a rollback comes first).
 */
public record CheckIn(String deviceId, Assignment assignment, RollbackOrder rollback) {}
