package io.drover.server;

import io.drover.server.access.ManagementAuth;
import io.drover.server.access.ManagementEndpoint;
import io.drover.server.access.UserRoutes;
import io.drover.server.access.UserService;
import io.drover.server.artifact.ArtifactDownload;
import io.drover.server.artifact.ArtifactRoutes;
import io.drover.server.artifact.ArtifactService;
import io.drover.server.blob.BlobStore;
import io.drover.server.blob.FileBlobStore;
import io.drover.server.coap.CoapDeviceServer;
import io.drover.server.compat.CompatibilityPolicies;
import io.drover.server.delta.DeltaOffers;
import io.drover.server.device.DeviceApi;
import io.drover.server.device.DeviceRoutes;
import io.drover.server.device.IdleTickets;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.fleet.DevicePsks;
import io.drover.server.fleet.PskMasterKey;
import io.drover.server.fleet.FleetRoutes;
import io.drover.server.fleet.FleetService;
import io.drover.server.fleet.LastSeen;
import io.drover.server.ledger.Forensics;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerKey;
import io.drover.server.ledger.LedgerRoutes;
import io.drover.server.lwm2m.Lwm2mServer;
import io.drover.server.release.ReleaseRoutes;
import io.drover.server.release.ReleaseService;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.rollout.AnswerMarks;
import io.drover.server.rollout.AssignmentService;
import io.drover.server.rollout.CompatibilityRoutes;
import io.drover.server.rollout.CompatibilityService;
import io.drover.server.rollout.HealthReports;
import io.drover.server.rollout.RolloutController;
import io.drover.server.rollout.RolloutRoutes;
import io.drover.server.rollout.RolloutService;
import io.drover.server.store.Database;
import io.drover.server.store.ServerSecrets;
import io.drover.server.web.HttpErrors;
import io.drover.server.web.JsonCodec;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * One Drover server node, wired by hand: the store, the blob folder, the feature services and their routes.
 * Nodes keep no state of their own beyond caches of immutable data and a copy of the answer marks at most a second
 * old ({@link AnswerMarks}), so several can share one database.
 */
public final class DroverServer implements AutoCloseable {
    /** How long a check-in's last-seen time may wait in memory before it is written. */
    public static final Duration LAST_SEEN_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** How often recorded actions are appended to the ledger and a new tree head is signed. */
    public static final Duration LEDGER_SEQUENCE_INTERVAL = Duration.ofMillis(200);

    private final Database database;
    private final Javalin web;
    private final RolloutController controller;
    private final LastSeen lastSeen;
    private final FleetService fleet;
    private final Ledger ledger;
    private final DeltaOffers deltas;
    private final List<ManagementEndpoint> endpoints;
    private final CoapDeviceServer coap;
    private final Optional<Lwm2mServer> lwm2m;
    private final BlobStore blobs;

    private DroverServer(Database database, Javalin web, RolloutController controller, LastSeen lastSeen,
            FleetService fleet, Ledger ledger, DeltaOffers deltas, List<ManagementEndpoint> endpoints,
            CoapDeviceServer coap, Optional<Lwm2mServer> lwm2m, BlobStore blobs) {
        this.database = database;
        this.blobs = blobs;
        this.deltas = deltas;
        this.lwm2m = lwm2m;
        this.ledger = ledger;
        this.web = web;
        this.controller = controller;
        this.lastSeen = lastSeen;
        this.fleet = fleet;
        this.endpoints = endpoints;
        this.coap = coap;
    }

    public static DroverServer start(ServerConfig config, Clock clock) {
        Database database = Database.open(config.database());
        Ledger ledger;
        try {
            ledger = Ledger.open(database.jdbi(), LedgerKey.loadOrCreate(config.ledgerKeyFile()), clock);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        BlobStore blobs = FileBlobStore.open(config.blobDir());
        try {
            JsonCodec json = new JsonCodec();
            DeviceIdentityService identities = new DeviceIdentityService(database.jdbi(), clock, ledger);
            LastSeen lastSeen = new LastSeen(database.jdbi());
            FleetService fleet = new FleetService(database.jdbi(), clock, new SecureRandom(), identities, lastSeen,
                    ledger);
            ArtifactService artifacts = new ArtifactService(database.jdbi(), blobs, clock,
                    config.maxArtifactBytes());
            CompatibilityPolicies policies = new CompatibilityPolicies();
            ReleaseService releases = new ReleaseService(database.jdbi(), fleet, artifacts, policies, ledger, clock);
            DeviceTraitsService traits = new DeviceTraitsService(database.jdbi());
            HealthReports health = new HealthReports(database.jdbi(), clock);
            RolloutService rollouts = new RolloutService(database.jdbi(), releases, fleet, identities, traits, health,
                    policies, ledger, clock);
            DeltaOffers deltas = new DeltaOffers(database.jdbi(), artifacts, releases, fleet, clock);
            AssignmentService assignments = new AssignmentService(database.jdbi(), releases, fleet, policies, deltas,
                    clock);
            CompatibilityService compatibility = new CompatibilityService(database.jdbi(), fleet, releases, policies,
                    ledger, clock);
            AnswerMarks marks = new AnswerMarks(assignments::answerMarks);
            RolloutController controller = new RolloutController(database.jdbi(), traits, health, ledger, marks,
                    clock);
            UserService users = new UserService(database.jdbi(), clock, new SecureRandom(), ledger);
            ManagementAuth auth = new ManagementAuth(config.adminToken(), users);
            ArtifactDownload download = new ArtifactDownload(artifacts);
            DevicePsks psks = new DevicePsks(database.jdbi(),
                    PskMasterKey.loadOrCreate(config.coap().pskKeyFile(), new SecureRandom()), ledger);
            DeviceApi deviceApi = new DeviceApi(identities, fleet, rollouts, assignments, marks,
                    new IdleTickets(ServerSecrets.idleTicketKey(database.jdbi()), clock), traits, health, releases,
                    ledger);

            Javalin web = Javalin.create(cfg -> {
                cfg.jsonMapper(json.javalinMapper());
                cfg.startup.showJavalinBanner = false;
                cfg.jetty.modifyHttpConfiguration(DroverServer::tuneHttp);
                HttpErrors.install(cfg);
                // Any management write may change check-in answers: this node reads the answer marks again after it.
                cfg.routes.after("/api/*", ctx -> {
                    if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
                        marks.invalidate();
                    }
                });
                auth.install(cfg.routes);
                new UserRoutes(users, json).register(cfg.routes);
                new FleetRoutes(fleet, identities, psks, traits, json).register(cfg.routes);
                new ArtifactRoutes(artifacts, download).register(cfg.routes);
                new ReleaseRoutes(releases).register(cfg.routes);
                new RolloutRoutes(rollouts, json).register(cfg.routes);
                new CompatibilityRoutes(compatibility, json).register(cfg.routes);
                new LedgerRoutes(ledger, new Forensics(database.jdbi(), ledger), clock).register(cfg.routes);
                new DeviceRoutes(fleet, deviceApi, download, json).register(cfg.routes);
            });
            List<ManagementEndpoint> endpoints = ManagementAuth.endpoints(web); // fails on a route without roles
            web.start(config.host(), config.port());
            CoapDeviceServer coap;
            try {
                coap = CoapDeviceServer.start(config.coap(), new CoapDeviceServer.Services(artifacts, deviceApi, fleet,
                        identities, psks, assignments));
            } catch (RuntimeException e) {
                web.stop();
                throw e;
            }
            Optional<Lwm2mServer> lwm2m;
            try {
                lwm2m = config.lwm2m()
                        .map(settings -> coap.port().isPresent()
                                ? settings.pullingFrom(config.coap().host(), coap.port().getAsInt()) : settings)
                        .map(settings -> Lwm2mServer.start(settings, fleet, psks, traits, assignments, rollouts,
                                releases, artifacts, clock));
            } catch (RuntimeException e) {
                coap.close();
                web.stop();
                throw e;
            }
            if (config.rolloutPassInterval().isPositive()) {
                controller.runEvery(config.rolloutPassInterval());
            }
            lastSeen.flushEvery(LAST_SEEN_FLUSH_INTERVAL);
            ledger.sequenceEvery(LEDGER_SEQUENCE_INTERVAL);
            return new DroverServer(database, web, controller, lastSeen, fleet, ledger, deltas, endpoints, coap, lwm2m,
                    blobs);
        } catch (RuntimeException e) {
            blobs.close();
            ledger.close();
            database.close();
            throw e;
        }
    }

    /**
     * Jetty's settings for Drover's traffic. No header cache: Jetty keeps the header lines a connection repeats, but a
     * device's are its own (its token, its idle ticket), so on a connection that carries many devices' requests (a
     * load balancer's, a gateway's) the cache only fills up and is cleared again, which cost several per cent of a
     * check-in's time.
     */
    public static void tuneHttp(HttpConfiguration http) {
        http.setHeaderCacheSize(0);
    }

    public int port() {
        return web.port();
    }

    /** The CoAP device API of this node: its UDP ports. */
    public CoapDeviceServer coap() {
        return coap;
    }

    /** The base URL devices and the CLI use, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUrl(String host) {
        return URI.create("http://" + host + ":" + port());
    }

    /** This node's LwM2M server, with its ports; empty when it runs none. */
    public Optional<Lwm2mServer> lwm2m() {
        return lwm2m;
    }

    /** Moves rollouts through their waves; runs on its own every {@link ServerConfig#rolloutPassInterval()}. */
    public RolloutController rolloutController() {
        return controller;
    }

    /** The ledger of this node: for recording and reading in-process (benchmarks). */
    public Ledger ledger() {
        return ledger;
    }

    /** The fleet service of this node: for setting up large fleets in-process (registration in batches). */
    public FleetService fleet() {
        return fleet;
    }

    /** Every management endpoint as registered, with the roles it allows: what the role table in docs/API.md lists. */
    public List<ManagementEndpoint> managementEndpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        lwm2m.ifPresent(Lwm2mServer::close);
        controller.close();
        coap.close();
        web.stop();
        try {
            deltas.close();
            lastSeen.close();
            ledger.close();
            blobs.close();
        } finally {
            database.close();
        }
    }
}
