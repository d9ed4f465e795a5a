package io.drover.server.testing;

import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.access.ManagementEndpoint;
import io.drover.server.coap.CoapDeviceServer;
import io.drover.server.coap.CoapServerSettings;
import io.drover.server.ledger.Ledger;
import io.drover.server.rollout.RolloutController;
import io.drover.server.store.Database;
import io.drover.server.store.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/** A real Drover server on a random loopback port, over a fresh database of the given backend; close it to clean up. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private final StoreBackend backend;
    private final DatabaseSettings database;
    private final Path dataDir;
    private final DroverServer server;
    private Database direct;

    private TestServer(StoreBackend backend, long maxArtifactBytes) {
        this(backend, maxArtifactBytes, Clock.systemUTC(), ServerConfig.DEFAULT_ROLLOUT_PASS_INTERVAL,
                UnaryOperator.identity());
    }

    private TestServer(StoreBackend backend, long maxArtifactBytes, Clock clock, Duration rolloutPassInterval,
            UnaryOperator<ServerConfig> configure) {
        this.backend = backend;
        this.database = backend.freshDatabase();
        try {
            this.dataDir = Files.createTempDirectory("drover-test-server");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerConfig config = ServerConfig.embedded(dataDir, "127.0.0.1", 0, ADMIN_TOKEN).withDatabase(database)
                .withMaxArtifactBytes(maxArtifactBytes).withRolloutPassInterval(rolloutPassInterval);
        this.server = DroverServer.start(configure.apply(config), clock);
    }

    public static TestServer start(StoreBackend backend) {
        return new TestServer(backend, ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES);
    }

    public static TestServer start(StoreBackend backend, long maxArtifactBytes) {
        return new TestServer(backend, maxArtifactBytes);
    }

    /** A server whose configuration {@code configure} completes (to run an LwM2M server, say). */
    public static TestServer start(StoreBackend backend, UnaryOperator<ServerConfig> configure) {
        return new TestServer(backend, ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES, Clock.systemUTC(),
                ServerConfig.DEFAULT_ROLLOUT_PASS_INTERVAL, configure);
    }

    /**
     * A server on {@code clock} whose rollout controller runs only when the test calls {@link #rolloutController()}
     * {@code .pass()}, so waves, soaks and halts happen exactly when the test says.
     */
    public static TestServer withClock(StoreBackend backend, Clock clock) {
        return new TestServer(backend, ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES, clock, Duration.ZERO,
                UnaryOperator.identity());
    }

    /**
     * A server with its CoAP device API on free UDP ports, plain and DTLS, with the settings {@code coap} makes of
     * those (the key files live in the server's data folder).
     */
    public static TestServer withCoap(StoreBackend backend, UnaryOperator<CoapServerSettings> coap) {
        return new TestServer(backend, ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES, Clock.systemUTC(),
                ServerConfig.DEFAULT_ROLLOUT_PASS_INTERVAL,
                config -> config.withCoap(coap.apply(config.coap().withPorts(0, 0))));
    }

    /** The server's CoAP device API, with its ports. */
    public CoapDeviceServer coap() {
        return server.coap();
    }

    public RolloutController rolloutController() {
        return server.rolloutController();
    }

    /** The server's ledger, for recording into it in-process. */
    public Ledger ledger() {
        return server.ledger();
    }

    /** The server's database, opened beside the server: for tests that record or rewrite what it stores. */
    public synchronized Jdbi jdbi() {
        if (direct == null) {
            direct = Database.open(database);
        }
        return direct.jdbi();
    }

    /**
     * Another node on this server's database, blob folder and keys, configured by {@code configure}: close it before
     * this server.
     */
    public DroverServer anotherNode(UnaryOperator<ServerConfig> configure) {
        ServerConfig config = ServerConfig.embedded(dataDir, "127.0.0.1", 0, ADMIN_TOKEN).withDatabase(database);
        return DroverServer.start(configure.apply(config), Clock.systemUTC());
    }

    /** The plain UDP port of the server's LwM2M server; fails when it runs none. */
    public int lwm2mPort() {
        return server.lwm2m().orElseThrow().port().orElseThrow();
    }

    /** The DTLS port of the server's LwM2M server; fails when it runs none. */
    public int lwm2mDtlsPort() {
        return server.lwm2m().orElseThrow().dtlsPort().orElseThrow();
    }

    public URI baseUrl() {
        return server.baseUrl("127.0.0.1");
    }

    /** Every management endpoint the server registered, with the roles it allows. */
    public List<ManagementEndpoint> managementEndpoints() {
        return server.managementEndpoints();
    }

    /** Runs {@code query} on this server's own database, to check what it stored. */
    public <T> T withDatabase(HandleCallback<T, RuntimeException> query) {
        return jdbi().withHandle(query);
    }


    /** The folder holding this server's blobs (under {@code blobs/}). */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.close();
        synchronized (this) {
            if (direct != null) {
                direct.close();
            }
        }
        backend.drop(database);
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
