package io.drover.server.coap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a node serves the CoAP device API (docs/OPERATIONS.md, "CoAP").
 *
 * @param host the address both UDP ports listen on
 * @param port the plain UDP port, which serves only {@code /a/{sha256}} (artifacts, readable by anyone who knows
 *     their digest); 0 for any free port, {@link #OFF} for none
 * @param dtlsPort the DTLS port, which serves every device resource to devices authenticated by a PSK or their raw
 *     public key; 0 for any free port, {@link #OFF} for none
 * @param pskKeyFile the master key from which devices' PSKs are derived, made when missing; every node sharing a
 *     database needs the same one
 * @param serverKeyFile the PKCS#8 PEM key (P-256) the server proves itself with in raw-public-key handshakes, made
 *     when missing; nodes behind one address should share it, since devices pin it
 * @param maxBlockSize the largest block the server sends (16 to 1024, a power of two); a device asking for larger
 *     blocks gets blocks of this size
 * @param maxBodyBytes the largest request body a device may upload block-wise (Block1); more is refused with 4.13
 * @param blockwiseLifetime how long the server keeps an unfinished block-wise upload before dropping it
 * @param observePassInterval how often the node checks whether the check-in answer of an observing device changed
 * @param maxObservers the most devices one node lets observe their check-in at once; beyond that a check-in is
 *     answered without registering the observation, and the device polls
 */
public record CoapServerSettings(String host, int port, int dtlsPort, Path pskKeyFile, Path serverKeyFile,
        int maxBlockSize, int maxBodyBytes, Duration blockwiseLifetime, Duration observePassInterval,
        int maxObservers) {
    /** A port that is not opened. */
    public static final int OFF = -1;
    public static final int DEFAULT_MAX_BLOCK_SIZE = 1024;
    /** Room for the largest report a device may send (a signed install report of many components). */
    public static final int DEFAULT_MAX_BODY_BYTES = 128 * 1024;
    public static final Duration DEFAULT_BLOCKWISE_LIFETIME = Duration.ofMinutes(1);
    public static final Duration DEFAULT_OBSERVE_PASS_INTERVAL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_OBSERVERS = 10_000;

    public CoapServerSettings {
        Objects.requireNonNull(host, "host");
        checkPort("port", port);
        checkPort("dtlsPort", dtlsPort);
        Objects.requireNonNull(pskKeyFile, "pskKeyFile");
        Objects.requireNonNull(serverKeyFile, "serverKeyFile");
        if (maxBlockSize < 16 || maxBlockSize > 1024 || Integer.bitCount(maxBlockSize) != 1) {
            throw new IllegalArgumentException("maxBlockSize must be a power of two from 16 to 1024, not "
                    + maxBlockSize);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, not " + maxBodyBytes);
        }
        if (blockwiseLifetime == null || blockwiseLifetime.toMillis() < 1) {
            throw new IllegalArgumentException("blockwiseLifetime must be at least 1 ms: " + blockwiseLifetime);
        }
        if (observePassInterval == null || observePassInterval.toMillis() < 1) {
            throw new IllegalArgumentException("observePassInterval must be at least 1 ms: " + observePassInterval);
        }
        if (maxObservers < 0) {
            throw new IllegalArgumentException("maxObservers must not be negative");
        }
    }

    /** No CoAP at all, with the key files inside {@code dataDir} should it be switched on. */
    public static CoapServerSettings off(String host, Path dataDir) {
        return new CoapServerSettings(host, OFF, OFF, dataDir.resolve("coap-psk.key"), dataDir.resolve("coap-key.pem"),
                DEFAULT_MAX_BLOCK_SIZE, DEFAULT_MAX_BODY_BYTES, DEFAULT_BLOCKWISE_LIFETIME,
                DEFAULT_OBSERVE_PASS_INTERVAL, DEFAULT_MAX_OBSERVERS);
    }

    /** Whether any CoAP port is open. */
    public boolean enabled() {
        return port != OFF || dtlsPort != OFF;
    }

    public CoapServerSettings withPorts(int plain, int dtls) {
        return new CoapServerSettings(host, plain, dtls, pskKeyFile, serverKeyFile, maxBlockSize, maxBodyBytes,
                blockwiseLifetime, observePassInterval, maxObservers);
    }

    public CoapServerSettings withKeyFiles(Path psk, Path server) {
        return new CoapServerSettings(host, port, dtlsPort, psk, server, maxBlockSize, maxBodyBytes, blockwiseLifetime,
                observePassInterval, maxObservers);
    }

    public CoapServerSettings withBlockwise(int blockSize, int bodyBytes, Duration lifetime) {
        return new CoapServerSettings(host, port, dtlsPort, pskKeyFile, serverKeyFile, blockSize, bodyBytes, lifetime,
                observePassInterval, maxObservers);
    }

    public CoapServerSettings withObserve(Duration passInterval, int observers) {
        return new CoapServerSettings(host, port, dtlsPort, pskKeyFile, serverKeyFile, maxBlockSize, maxBodyBytes,
                blockwiseLifetime, passInterval, observers);
    }

    private static void checkPort(String name, int port) {
        if (port != OFF && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException(name + " must be 0..65535, or OFF (-1)");
        }
    }
}
