package io.drover.sim.impair;

/**
 * What a relay did so far.
 *
 * @param connections connections accepted
 * @param resets connections the relay reset (impaired disconnects and resets passed on from either side)
 * @param bytesUp bytes forwarded from clients to the target
 * @param bytesDown bytes forwarded from the target to clients
 * @param corruptedUp bytes corrupted on their way to the target
 * @param corruptedDown bytes corrupted on their way to clients
 */
public record RelayStats(long connections, long resets, long bytesUp, long bytesDown, long corruptedUp,
        long corruptedDown) {}
