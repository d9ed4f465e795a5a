package io.drover.server;

import io.drover.server.coap.CoapServerSettings;
import io.drover.server.lwm2m.Lwm2mSettings;
import io.drover.server.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a Drover server node runs.
 *
 * @param host the address to listen on
 * @param port the port, or 0 for any free one
 * @param database where the relational store is
 * @param blobDir where artifact bytes are kept
 * @param adminToken the bearer token of the management API
 * @param maxArtifactBytes the largest artifact accepted
 * @param rolloutPassInterval how often the rollout controller judges running rollouts (at least 1 ms); zero to never
 *     run it on its own (tests drive {@link DroverServer#rolloutController()} themselves)
 * @param ledgerKeyFile the PKCS#8 PEM file of the key that signs the ledger's tree heads, made when missing; every
 *     node sharing a database needs the same one
 * @param coap the CoAP device API's ports, keys and limits ({@link CoapServerSettings#off} by default)
 * @param lwm2m the LwM2M server's settings; empty: the node runs none
 */
public record ServerConfig(String host, int port, DatabaseSettings database, Path blobDir, String adminToken,
        long maxArtifactBytes, Duration rolloutPassInterval, Path ledgerKeyFile, CoapServerSettings coap,
        Optional<Lwm2mSettings> lwm2m) {
    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 1L << 30;
    public static final Duration DEFAULT_ROLLOUT_PASS_INTERVAL = Duration.ofSeconds(10);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(blobDir, "blobDir");
        Objects.requireNonNull(adminToken, "adminToken");
        if (maxArtifactBytes < 1) {
            throw new IllegalArgumentException("maxArtifactBytes must be positive");
        }
        if (rolloutPassInterval == null || rolloutPassInterval.isNegative()
                || rolloutPassInterval.isPositive() && rolloutPassInterval.toMillis() == 0) {
            throw new IllegalArgumentException("rolloutPassInterval must be zero or at least 1 ms: " + rolloutPassInterval);
        }
        Objects.requireNonNull(ledgerKeyFile, "ledgerKeyFile");
        Objects.requireNonNull(coap, "coap");
        Objects.requireNonNull(lwm2m, "lwm2m");
    }

    /** The embedded defaults: H2, the blob folder and the ledger key inside {@code dataDir}. */
    public static ServerConfig embedded(Path dataDir, String host, int port, String adminToken) {
        return new ServerConfig(host, port, DatabaseSettings.embedded(dataDir), dataDir.resolve("blobs"), adminToken,
                DEFAULT_MAX_ARTIFACT_BYTES, DEFAULT_ROLLOUT_PASS_INTERVAL, dataDir.resolve("ledger-key.pem"),
                CoapServerSettings.off(host, dataDir), Optional.empty());
    }

    public ServerConfig withDatabase(DatabaseSettings settings) {
        return new ServerConfig(host, port, settings, blobDir, adminToken, maxArtifactBytes, rolloutPassInterval,
                ledgerKeyFile, coap, lwm2m);
    }

    public ServerConfig withMaxArtifactBytes(long bytes) {
        return new ServerConfig(host, port, database, blobDir, adminToken, bytes, rolloutPassInterval, ledgerKeyFile,
                coap, lwm2m);
    }

    public ServerConfig withRolloutPassInterval(Duration interval) {
        return new ServerConfig(host, port, database, blobDir, adminToken, maxArtifactBytes, interval, ledgerKeyFile,
                coap, lwm2m);
    }

    public ServerConfig withLedgerKeyFile(Path file) {
        return new ServerConfig(host, port, database, blobDir, adminToken, maxArtifactBytes, rolloutPassInterval, file,
                coap, lwm2m);
    }

    public ServerConfig withCoap(CoapServerSettings settings) {
        return new ServerConfig(host, port, database, blobDir, adminToken, maxArtifactBytes, rolloutPassInterval,
                ledgerKeyFile, settings, lwm2m);
    }

    public ServerConfig withLwm2m(Lwm2mSettings settings) {
        return new ServerConfig(host, port, database, blobDir, adminToken, maxArtifactBytes, rolloutPassInterval,
                ledgerKeyFile, coap, Optional.of(settings));
    }
}
