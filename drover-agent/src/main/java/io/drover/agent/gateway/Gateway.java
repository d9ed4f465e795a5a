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
 * An agent's gateway mode: a plain CoAP endpoint that serves the artifacts of its {@link ArtifactCache} to the
 * constrained devices of its subnet ({@code GET /a/<sha256>}, Block2), fetching each from the server on the first
 * ask. The devices still check in, report and fetch envelopes with the server itself, over DTLS: the gateway only
 * ever carries artifacts, which are named by their digest, checked by every device against its signed manifest, and
 * (for an encrypted release) ciphertext it holds no key for. So it needs no DTLS towards the devices and no secret of
 * theirs.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final ArtifactCache cache;

    private Gateway(CoapServer server, CoapEndpoint endpoint, ArtifactCache cache) {
        this.server = server;
        this.endpoint = endpoint;
        this.cache = cache;
    }

    /** Starts serving on {@code settings.listen()}, fetching misses through {@code upstream}. */
    public static Gateway start(GatewaySettings settings, ResumingFetch upstream) throws IOException {
        ArtifactCache cache = ArtifactCache.open(settings.cacheDir(), settings.maxCacheBytes(), upstream);
        Configuration config = new Configuration();
        // Blocks are served by ArtifactResource itself, read from the file as they are asked for.
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config)
                .setConnector(new UDPConnector(settings.listen(), config)).build();
        CoapServer server = new CoapServer(config);
        server.addEndpoint(endpoint);
        server.add(new ArtifactResource(cache, settings.fetchWait()));
        server.start();
        Gateway gateway = new Gateway(server, endpoint, cache);
        log.info("gateway serving artifacts on {}, cache {} (at most {} bytes)", gateway.url(),
                settings.cacheDir(), settings.maxCacheBytes());
        return gateway;
    }

    /** Where devices download artifacts: {@code coap://host:port}, the {@code artifactUrl} of their config. */
    public URI url() {
        InetSocketAddress address = endpoint.getAddress();
        return URI.create("coap://" + address.getHostString() + ":" + address.getPort());
    }

    public ArtifactCache cache() {
        return cache;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
