package io.drover.server.coap;

import io.drover.coap.Block2Reply;
import io.drover.server.artifact.ArtifactService;
import io.drover.server.device.DeviceApi;
import io.drover.server.device.DeviceRoutes;
import io.drover.server.fleet.DeviceIdentityService;
import io.drover.server.fleet.DevicePsks;
import io.drover.server.fleet.FleetService;
import io.drover.server.internal.KeyFiles;
import io.drover.server.rollout.AssignmentService;
import io.drover.server.rollout.DeviceHealth;
import io.drover.server.rollout.DeviceReport;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.CoapStackFactory;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.eclipse.californium.core.network.stack.BlockwiseLayer;
import org.eclipse.californium.core.network.stack.CoapStack;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.AdditionalInfo;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.auth.ApplicationLevelInfoSupplier;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;

/**
 * The CoAP device API of one node (Californium): a plain UDP endpoint serving only what is named by its digest
 * (artifacts, and envelopes by theirs), and a DTLS endpoint (Scandium, DTLS 1.2 with Connection IDs) serving every
 * device resource to devices that authenticated with a PSK or their raw public key. Each is a server of its own, so
 * no route can reach a device resource without DTLS.
 */
public final class CoapDeviceServer implements AutoCloseable {
    /** Bytes of the Connection ID the server asks peers to put in each record (RFC 9146). */
    private static final int CONNECTION_ID_LENGTH = 4;

    private final CoapServer plain;
    private final CoapServer secure;
    private final CheckInObservers observers;
    private final ExecutorService handlers;
    private final Optional<VerificationKey> serverKey;
    private final List<CoapStack> stacks;

    private CoapDeviceServer(CoapServer plain, CoapServer secure, CheckInObservers observers,
            ExecutorService handlers, Optional<VerificationKey> serverKey, List<CoapStack> stacks) {
        this.plain = plain;
        this.secure = secure;
        this.observers = observers;
        this.handlers = handlers;
        this.serverKey = serverKey;
        this.stacks = stacks;
    }

    /** What the device resources use: the same services as the HTTP device API. */
    public record Services(ArtifactService artifacts, DeviceApi api, FleetService fleet,
            DeviceIdentityService identities, DevicePsks psks, AssignmentService assignments) {}

    public static CoapDeviceServer start(CoapServerSettings settings, Services services) {
        Configuration config = configuration(settings);
        Block2Reply blocks = new Block2Reply(settings.maxBlockSize());
        CoapServer plain = null;
        CoapServer secure = null;
        SigningKey serverKey = null;
        List<CoapStack> stacks = new CopyOnWriteArrayList<>();
        // Californium's own stack, kept at hand so the node can tell whether block-wise uploads are pending.
        CoapStackFactory keptStacks = (protocol, tag, cfg, matcher, outbox, argument) -> {
            CoapStack stack = CoapEndpoint.STANDARD_COAP_STACK_FACTORY.createCoapStack(protocol, tag, cfg, matcher,
                    outbox, argument);
            stacks.add(stack);
            return stack;
        };
        MessageInterceptor refusals = new StackRefusals(settings.maxBodyBytes());
        CheckInObservers observers = new CheckInObservers(services.api(), services.assignments(), services.fleet());
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            if (settings.port() != CoapServerSettings.OFF) {
                plain = server(config, "CoAP");
                CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config).setCoapStackFactory(keptStacks)
                        .setConnector(new InlineSendingUdpConnector(
                                new InetSocketAddress(settings.host(), settings.port()), config)).build();
                endpoint.addInterceptor(refusals);
                plain.addEndpoint(endpoint);
                plain.add(new ArtifactResource(services.artifacts(), blocks),
                        EnvelopeResource.byDigest(context(services, blocks, handlers)));
                plain.start();
            }
            if (settings.dtlsPort() != CoapServerSettings.OFF) {
                serverKey = SigningKey.fromPem(KeyFiles.readOrCreate(settings.serverKeyFile(),
                        () -> SigningKey.generate(SignatureAlgorithm.ES256).toPkcs8Pem()));
                secure = server(config, "CoAPs");
                CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config).setCoapStackFactory(keptStacks)
                        .setConnector(dtlsConnector(settings, config, services, serverKey)).build();
                endpoint.addInterceptor(refusals);
                secure.addEndpoint(endpoint);
                observers.watch(addDeviceResources(secure, services, blocks, observers, handlers),
                        settings.observePassInterval());
                secure.start();
            }
        } catch (RuntimeException e) {
            observers.close();
            handlers.shutdownNow();
            if (plain != null) {
                plain.destroy();
            }
            if (secure != null) {
                secure.destroy();
            }
            throw e;
        }
        return new CoapDeviceServer(plain, secure, observers, handlers,
                Optional.ofNullable(serverKey).map(SigningKey::verificationKey), stacks);
    }

    /**
     * A Californium server whose root answers unknown paths with a diagnostic, and tells nothing about itself, and
     * whose protocol stage runs on the receiving thread ({@link InlineProtocolExecutor}).
     */
    private static CoapServer server(Configuration config, String name) {
        CoapServer server = new CoapServer(config) {
            @Override
            protected Resource createRoot() {
                return new DroverResource.Root();
            }
        };
        server.setExecutor(new InlineProtocolExecutor(name), false);
        return server;
    }

    private static CheckInResource addDeviceResources(CoapServer server, Services services, Block2Reply blocks,
            CheckInObservers observers, Executor executor) {
        DeviceApi api = services.api();
        DeviceContext context = context(services, blocks, executor);
        CheckInResource checkIn = new CheckInResource(context, observers);
        server.add(new ArtifactResource(services.artifacts(), blocks), checkIn, EnvelopeResource.forDevices(context),
                new ReportingResource<>("r", Code.POST, DeviceReport.class, api::report, context),
                new ReportingResource<>("t", Code.PUT, DeviceRoutes.AttributeMap.class, api::reportAttributes,
                        context),
                new ReportingResource<>("h", Code.POST, DeviceHealth.class, api::reportHealth, context),
                new IdentityResource(context), new LedgerHeadResource(context));
        return checkIn;
    }

    private static DeviceContext context(Services services, Block2Reply blocks, Executor executor) {
        return new DeviceContext(services.api(), services.fleet(), new CborCodec(), blocks, executor);
    }

    /**
     * DTLS 1.2 as a server only, every client authenticated: by a PSK whose identity is its device id, or by its
     * identity key as a raw public key (Ed25519 or P-256). The server proves itself with its own P-256 raw public key.
     */
    private static DTLSConnector dtlsConnector(CoapServerSettings settings, Configuration config, Services services,
            SigningKey serverKey) {
        ApplicationLevelInfoSupplier sessions = (peer, argument) -> argument instanceof DeviceSession session
                ? session.info() : AdditionalInfo.empty();
        return new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(settings.host(), settings.dtlsPort()))
                .setPskStore(new DevicePskStore(services.psks()))
                .setCertificateIdentityProvider(new SingleCertificateProvider(
                        serverKey.privateKey(SecretKeyAccess.get()), serverKey.verificationKey().publicKey()))
                .setCertificateVerifier(new DeviceKeyVerifier(services.identities()))
                .setApplicationLevelInfoSupplier(sessions)
                .build());
    }

    /** Californium's settings for a node: block sizes, the largest upload, block-wise state, observers, DTLS. */
    private static Configuration configuration(CoapServerSettings settings) {
        Configuration config = new Configuration(SystemConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, settings.maxBlockSize());
        config.set(CoapConfig.MAX_MESSAGE_SIZE, settings.maxBlockSize());
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, settings.maxBodyBytes());
        long lifetime = settings.blockwiseLifetime().toMillis();
        config.set(CoapConfig.BLOCKWISE_STATUS_LIFETIME, lifetime, TimeUnit.MILLISECONDS);
        // Expired uploads are swept at a tenth of their lifetime, so none outlives it by much.
        config.set(CoapConfig.BLOCKWISE_STATUS_INTERVAL, Math.max(1, lifetime / 10), TimeUnit.MILLISECONDS);
        config.set(CoapConfig.BLOCKWISE_STRICT_BLOCK1_OPTION, true);
        config.set(CoapConfig.MAX_SERVER_OBSERVES, settings.maxObservers());
        // A download puts a thousand exchanges per MiB into the deduplicator, each kept for the exchange lifetime
        // (247 s) to answer a retransmission: per peer, the last 64 are enough for that, and bound its memory.
        config.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        config.set(CoapConfig.USE_MESSAGE_OFFLOADING, true);
        config.set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY);
        config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, CONNECTION_ID_LENGTH);
        config.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED);
        config.setAsList(DtlsConfig.DTLS_CERTIFICATE_TYPES, CertificateType.RAW_PUBLIC_KEY);
        config.setAsList(DtlsConfig.DTLS_SIGNATURE_AND_HASH_ALGORITHMS,
                SignatureAndHashAlgorithm.INTRINSIC_WITH_ED25519, SignatureAndHashAlgorithm.SHA256_WITH_ECDSA);
        return config;
    }

    /**
     * Computes again, now, the answers of the devices observing their check-in whose class changed, and notifies those
     * whose answer changed (the node does this every {@link CoapServerSettings#observePassInterval()}).
     */
    public void notifyChangedCheckIns() {
        observers.pass();
    }

    /** How many devices observe their check-in on this node. */
    public int checkInObservers() {
        return observers.size();
    }

    /** The raw public key the DTLS port proves itself with, which devices pin; empty when the port is off. */
    public Optional<VerificationKey> serverKey() {
        return serverKey;
    }

    /**
     * Whether any block-wise transfer has state on this node: an upload (Block1) under way, kept at most
     * {@link CoapServerSettings#blockwiseLifetime()} after its last block. Downloads keep none.
     */
    public boolean blockwiseTransfersPending() {
        return stacks.stream().anyMatch(stack -> !stack.getLayer(BlockwiseLayer.class).isEmpty());
    }

    /** The plain UDP port (artifacts and envelopes by digest only), when open. */
    public OptionalInt port() {
        return portOf(plain);
    }

    /** The DTLS port (every device resource), when open. */
    public OptionalInt dtlsPort() {
        return portOf(secure);
    }

    private static OptionalInt portOf(CoapServer server) {
        return server == null ? OptionalInt.empty()
                : OptionalInt.of(server.getEndpoints().getFirst().getAddress().getPort());
    }

    @Override
    public void close() {
        observers.close();
        handlers.shutdownNow();
        if (plain != null) {
            plain.destroy();
        }
        if (secure != null) {
            secure.destroy();
        }
    }
}
