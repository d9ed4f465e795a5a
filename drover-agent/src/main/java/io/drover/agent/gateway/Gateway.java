package io.drover.agent.gateway;

import io.drover.agent.download.ResumingFetch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's gateway mode: a plain CoAP endpoint that serves the artifacts and envelopes of its {@link BlobCache} to
 * the constrained devices of its subnet ({@code GET /a/<sha256>}, {@code GET /e/<sha256>}, Block2, by the digest
 * or its first 16 or more hex digits), fetching each from the server on the first ask, with the gateway's own
 * credential. The devices still check in and report to the server itself, over DTLS: the gateway only ever carries
 * what is named by its digest and signed end to end, which every device checks as it would the server's: an
 * envelope's signature against its own trusted keys, each artifact against the digest of its signed manifest, and
 * (for an encrypted release) ciphertext the gateway holds no key for. So it needs no DTLS towards the devices and no
 * secret of theirs.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final BlobCache cache;

    private Gateway(CoapServer server, CoapEndpoint endpoint, BlobCache cache) {
        this.server = server;
        this.endpoint = endpoint;
        this.cache = cache;
    }

    /** Starts serving on {@code settings.listen()}, fetching misses through {@code upstream}. */
    public static Gateway start(GatewaySettings settings, ResumingFetch upstream) throws IOException {
        BlobCache cache = BlobCache.open(settings.cacheDir(), settings.maxCacheBytes(), upstream);
        Configuration config = new Configuration();
        // Blocks are served by BlobResource itself, read from the file as they are asked for.
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config)
                .setConnector(new UDPConnector(settings.listen(), config)).build();
        CoapServer server = new CoapServer(config);
        server.addEndpoint(endpoint);
        for (BlobKind kind : BlobKind.values()) {
            server.add(new BlobResource(kind, cache, settings.fetchWait()));
        }
        server.start();
        Gateway gateway = new Gateway(server, endpoint, cache);
        log.info("gateway serving artifacts and envelopes on {}, cache {} (at most {} bytes)", gateway.url(),
                settings.cacheDir(), settings.maxCacheBytes());
        return gateway;
    }

    /** Where devices fetch artifacts and envelopes: {@code coap://host:port}, their config's {@code gatewayUrl}. */
    public URI url() {
        InetSocketAddress address = endpoint.getAddress();
        return URI.create("coap://" + address.getHostString() + ":" + address.getPort());
    }

    public BlobCache cache() {
        return cache;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
