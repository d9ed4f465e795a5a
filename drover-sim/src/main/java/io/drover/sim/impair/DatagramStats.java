package io.drover.sim.impair;

/**
 * What a {@link UdpRelay} did so far: datagrams forwarded, lost and bytes corrupted each way, and the bytes it
 * forwarded each way.
 *
 * @param clients client addresses it holds a socket for now
 */
public record DatagramStats(int clients, long forwardedUp, long lostUp, long corruptedUp, long forwardedDown,
        long lostDown, long corruptedDown, long bytesUp, long bytesDown) {}
