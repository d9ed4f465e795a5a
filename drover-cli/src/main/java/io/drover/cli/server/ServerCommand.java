package io.drover.cli.server;

import io.drover.server.DroverServer;
import io.drover.server.ServerConfig;
import io.drover.server.coap.CoapServerSettings;
import io.drover.server.lwm2m.Lwm2mSettings;
import io.drover.server.store.DatabaseSettings;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover server}: run one server node until stopped. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run a Drover server node. Embedded defaults: an H2 database and a blob folder under --data-dir.")
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "${env:DROVER_HOST:-127.0.0.1}", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "${env:DROVER_PORT:-8080}", description = "Port (0 for any free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", defaultValue = "${env:DROVER_DATA_DIR:-drover-data}", description = "Folder for the H2 database and blobs. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--db-url", defaultValue = "${env:DROVER_DB_URL}", description = "JDBC URL of the database, e.g. jdbc:postgresql://127.0.0.1:5432/drover (default: embedded H2).")
    String dbUrl;

    @Option(names = "--db-schema", defaultValue = "${env:DROVER_DB_SCHEMA}", description = "Schema to keep Drover's tables in, created when missing (default: the user's default schema).")
    String dbSchema;

    @Option(names = "--db-user", defaultValue = "${env:DROVER_DB_USER}", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:DROVER_DB_PASSWORD}", description = "Database password.")
    String dbPassword;

    @Option(names = "--admin-token", defaultValue = "${env:DROVER_ADMIN_TOKEN}", description = "Bearer token of the management API (at least 16 characters); a random one is made and printed when absent.")
    String adminToken;

    @Option(names = "--max-artifact-bytes", defaultValue = "1073741824", description = "Largest artifact accepted. Default: ${DEFAULT-VALUE}.")
    long maxArtifactBytes;

    @Option(names = "--rollout-pass-interval", paramLabel = "DURATION", description = "How often this node judges running rollouts (promote, complete, halt); PT0S never. Default: ${DEFAULT-VALUE}.")
    Duration rolloutPassInterval = ServerConfig.DEFAULT_ROLLOUT_PASS_INTERVAL;

    @Option(names = "--ledger-key", paramLabel = "FILE", defaultValue = "${env:DROVER_LEDGER_KEY}", description = "PKCS#8 PEM file of the key that signs the ledger's heads, made when missing; every node sharing a database needs the same one. Default: ledger-key.pem in the data folder.")
    Path ledgerKey;

    @Option(names = "--coap-port", paramLabel = "PORT", defaultValue = "${env:DROVER_COAP_PORT}", description = "Plain UDP port of the CoAP device API, which serves only artifacts (/a/{sha256}), to anyone who knows a digest; 0 for any free port. Default: off.")
    Integer coapPort;

    @Option(names = "--coaps-port", paramLabel = "PORT", defaultValue = "${env:DROVER_COAPS_PORT}", description = "DTLS port of the CoAP device API (every device resource, devices authenticated by PSK or raw public key); 0 for any free port; 5684 is CoAP's. Default: off.")
    Integer coapsPort;

    @Option(names = "--coap-psk-key", paramLabel = "FILE", defaultValue = "${env:DROVER_COAP_PSK_KEY}", description = "The master key devices' PSKs are derived from, made when missing; every node sharing a database needs the same one. Default: coap-psk.key in the data folder.")
    Path coapPskKey;

    @Option(names = "--coap-server-key", paramLabel = "FILE", defaultValue = "${env:DROVER_COAP_SERVER_KEY}", description = "PKCS#8 PEM P-256 key the DTLS port proves itself with to devices using raw public keys, made when missing; devices pin its public key. Default: coap-key.pem in the data folder.")
    Path coapServerKey;

    @Option(names = "--coap-max-block", paramLabel = "BYTES", description = "Largest block the CoAP API sends, 16 to 1024 (a power of two). Default: ${DEFAULT-VALUE}.")
    int coapMaxBlock = CoapServerSettings.DEFAULT_MAX_BLOCK_SIZE;

    @Option(names = "--coap-max-body", paramLabel = "BYTES", description = "Largest body a device may upload block-wise; more is refused with 4.13. Default: ${DEFAULT-VALUE}.")
    int coapMaxBody = CoapServerSettings.DEFAULT_MAX_BODY_BYTES;

    @Option(names = "--coap-blockwise-lifetime", paramLabel = "DURATION", description = "How long an unfinished block-wise upload is kept. Default: ${DEFAULT-VALUE}.")
    Duration coapBlockwiseLifetime = CoapServerSettings.DEFAULT_BLOCKWISE_LIFETIME;

    @Option(names = "--coap-observe-interval", paramLabel = "DURATION", description = "How often the node looks for observed check-in answers that changed. Default: ${DEFAULT-VALUE}.")
    Duration coapObserveInterval = CoapServerSettings.DEFAULT_OBSERVE_PASS_INTERVAL;

    @Option(names = "--coap-max-observers", paramLabel = "N", description = "Most devices observing their check-in on this node; beyond, devices poll. Default: ${DEFAULT-VALUE}.")
    int coapMaxObservers = CoapServerSettings.DEFAULT_MAX_OBSERVERS;

    @Option(names = "--lwm2m-port", paramLabel = "PORT", defaultValue = "${env:DROVER_LWM2M_PORT}", description = "UDP port of the LwM2M server, with which LwM2M devices register under their device ids to be updated through the Firmware Update object; 0 for any free port. Default: off.")
    Integer lwm2mPort;

    @Option(names = "--lwm2m-dtls-port", paramLabel = "PORT", defaultValue = "${env:DROVER_LWM2M_DTLS_PORT}", description = "UDP port of the LwM2M server over DTLS, for LwM2M devices that were issued a PSK (POST /api/v1/devices/{id}/psk); 0 for any free port. Default: off.")
    Integer lwm2mDtlsPort;

    @Option(names = "--lwm2m-package-uri", paramLabel = "URI", defaultValue = "${env:DROVER_LWM2M_PACKAGE_URI}", description = "Where LwM2M devices pull firmware packages from: the coap:// address of this node's CoAP artifact endpoint as devices reach it. Default: --coap-port on --host, unless --host is a wildcard; without either, packages are pushed.")
    URI lwm2mPackageUri;

    @Option(names = "--lwm2m-check-interval", paramLabel = "DURATION", description = "How often this node checks each LwM2M device registered with it for a new assignment and the progress of its update. Default: ${DEFAULT-VALUE}.")
    Duration lwm2mCheckInterval = Lwm2mSettings.DEFAULT_CHECK_INTERVAL;

    @Override
    public Integer call() throws InterruptedException {
        String token = adminToken != null ? adminToken : randomToken();
        ServerConfig config = ServerConfig.embedded(dataDir, host, port, token).withMaxArtifactBytes(maxArtifactBytes)
                .withRolloutPassInterval(rolloutPassInterval);
        if (ledgerKey != null) {
            config = config.withLedgerKeyFile(ledgerKey);
        }
        CoapServerSettings coap = config.coap();
        config = config.withCoap(coap.withPorts(coapPort != null ? coapPort : CoapServerSettings.OFF,
                        coapsPort != null ? coapsPort : CoapServerSettings.OFF)
                .withKeyFiles(coapPskKey != null ? coapPskKey : coap.pskKeyFile(),
                        coapServerKey != null ? coapServerKey : coap.serverKeyFile())
                .withBlockwise(coapMaxBlock, coapMaxBody, coapBlockwiseLifetime)
                .withObserve(coapObserveInterval, coapMaxObservers));
        if (lwm2mPort != null || lwm2mDtlsPort != null) {
            Lwm2mSettings lwm2m = Lwm2mSettings.on(host, lwm2mPort != null ? lwm2mPort : Lwm2mSettings.OFF,
                    lwm2mDtlsPort != null ? lwm2mDtlsPort : Lwm2mSettings.OFF).withCheckInterval(lwm2mCheckInterval);
            config = config.withLwm2m(lwm2mPackageUri != null ? lwm2m.withPackageUriBase(lwm2mPackageUri) : lwm2m);
        }
        DatabaseSettings database = dbUrl != null ? DatabaseSettings.of(dbUrl, dbUser, dbPassword) : config.database();
        config = config.withDatabase(dbSchema != null ? database.withSchema(dbSchema) : database);
        DroverServer server = DroverServer.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C or SIGTERM: finish the requests in flight and close the database cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("Drover server listening on " + server.baseUrl(host));
        server.coap().port().ifPresent(p -> System.out.println("CoAP artifacts (plain UDP): coap://" + host + ":" + p
                + "/a/{sha256}"));
        server.coap().dtlsPort().ifPresent(p -> System.out.println("CoAP device API (DTLS): coaps://" + host + ":" + p
                + ", raw public key SHA-256 " + server.coap().serverKey().orElseThrow().fingerprint()));
        server.lwm2m().ifPresent(lwm2m -> {
            lwm2m.port().ifPresent(p -> System.out.println("LwM2M server (UDP, no DTLS): coap://" + host + ":" + p));
            lwm2m.dtlsPort().ifPresent(p -> System.out.println("LwM2M server (DTLS, PSK): coaps://" + host + ":" + p));
        });
        System.out.println("database: " + (dbUrl != null ? dbUrl : "embedded H2 in " + dataDir.toAbsolutePath())
                + (dbSchema != null ? ", schema " + dbSchema : ""));
        if (adminToken == null) {
            System.out.println("management API token (set DROVER_ADMIN_TOKEN to choose one): " + token);
        }
        stopped.await();
        return 0;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
