package io.drover.agent.gateway;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * An agent in gateway mode: where it serves artifacts and envelopes to the constrained devices of its subnet, and
 * what it may keep of them.
 *
 * @param listen the UDP address of its plain CoAP endpoint (port 0: any free port)
 * @param cacheDir the folder of the cache: verified artifacts named by their SHA-256, envelopes likewise in its
 *     {@code envelopes} folder, and partial fetches
 * @param maxCacheBytes how many bytes of artifacts and envelopes the cache keeps at most, together; the least
 *     recently served go first
 * @param fetchWait how long a device's request waits for a fetch from the server before it is told to come back
 *     (5.03 with Max-Age); a device's own request timeout should be longer
 */
public record GatewaySettings(InetSocketAddress listen, Path cacheDir, long maxCacheBytes, Duration fetchWait) {
    public static final long DEFAULT_MAX_CACHE_BYTES = 1L << 30;
    public static final Duration DEFAULT_FETCH_WAIT = Duration.ofSeconds(20);

    public GatewaySettings {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(cacheDir, "cacheDir");
        if (maxCacheBytes < 1) {
            throw new IllegalArgumentException("gateway.maxCacheBytes must be at least 1");
        }
        Objects.requireNonNull(fetchWait, "fetchWait");
        if (!fetchWait.isPositive()) {
            throw new IllegalArgumentException("gateway.fetchWait must be positive");
        }
    }

    /** A gateway on {@code listen} caching up to 1 GiB in {@code cacheDir}, holding devices up to 20 s for a fetch. */
    public static GatewaySettings of(InetSocketAddress listen, Path cacheDir) {
        return new GatewaySettings(listen, cacheDir, DEFAULT_MAX_CACHE_BYTES, DEFAULT_FETCH_WAIT);
    }

    public GatewaySettings withMaxCacheBytes(long bytes) {
        return new GatewaySettings(listen, cacheDir, bytes, fetchWait);
    }
}
