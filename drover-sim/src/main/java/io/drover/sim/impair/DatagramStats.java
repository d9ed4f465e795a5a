package io.drover.sim.impair;

/**
 * What a {@link UdpRelay} did so far, in datagrams (corruption in bytes).
 *
 * @param clients client addresses it holds a socket for now
 */
public record DatagramStats(int clients, long forwardedUp, long lostUp, long corruptedUp, long forwardedDown,
        long lostDown, long corruptedDown) {}
