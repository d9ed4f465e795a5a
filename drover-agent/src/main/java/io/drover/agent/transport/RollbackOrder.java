package io.drover.agent.transport;

/**
 * The server's order, from a check-in answer, to leave release {@code releaseId} (sequence {@code sequenceNumber}),
 * which rollout {@code rolloutId} installed, for what the device ran before it: sequence {@code toSequenceNumber},
 * release {@code toReleaseId} (null for the factory image). The rollout halted because its updated devices fared
 * worse than the others.
 */
public record RollbackOrder(long rolloutId, long releaseId, long sequenceNumber, Long toReleaseId,
        long toSequenceNumber, String reason) {}
