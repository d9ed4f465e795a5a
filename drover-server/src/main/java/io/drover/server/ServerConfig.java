package io.drover.server;

import io.drover.server.store.DatabaseSettings;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a Drover server node runs.
 *
 * @param host the address to listen on
 * @param port the port, or 0 for any free one
 * @param database where the relational store is
 * @param blobDir where artifact bytes are kept
 * @param adminToken the bearer token of the management API
 * @param maxArtifactBytes the largest artifact accepted
 */
public record ServerConfig(String host, int port, DatabaseSettings database, Path blobDir, String adminToken, long maxArtifactBytes) {
    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 1L << 30;

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
    }

    /** The embedded defaults: H2 and the blob folder inside {@code dataDir}. */
    public static ServerConfig embedded(Path dataDir, String host, int port, String adminToken) {
        return new ServerConfig(host, port, DatabaseSettings.embedded(dataDir), dataDir.resolve("blobs"), adminToken,
                DEFAULT_MAX_ARTIFACT_BYTES);
    }

    public ServerConfig withDatabase(DatabaseSettings settings) {
        return new ServerConfig(host, port, settings, blobDir, adminToken, maxArtifactBytes);
    }

    public ServerConfig withMaxArtifactBytes(long bytes) {
        return new ServerConfig(host, port, database, blobDir, adminToken, bytes);
    }
}
