package io.drover.server.coap;

import io.drover.server.artifact.ArtifactService;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The CoAP device API of one node (Californium): a plain UDP endpoint serving only artifacts, which are
 * content-addressed, and a DTLS endpoint serving every device resource. Each is a server of its own, so no route can
 * reach a device resource without DTLS.
 */
public final class CoapDeviceServer implements AutoCloseable {
    private final CoapServer plain;

    private CoapDeviceServer(CoapServer plain) {
        this.plain = plain;
    }

    public static CoapDeviceServer start(CoapSettings settings, ArtifactService artifacts) {
        Configuration config = configuration(settings);
        Block2Reply blocks = new Block2Reply(settings.maxBlockSize());
        CoapServer plain = null;
        if (settings.port() != CoapSettings.OFF) {
            plain = new CoapServer(config);
            plain.addEndpoint(CoapEndpoint.builder().setConfiguration(config)
                    .setInetSocketAddress(new InetSocketAddress(settings.host(), settings.port())).build());
            plain.add(new ArtifactResource(artifacts, blocks));
            plain.start();
        }
        return new CoapDeviceServer(plain);
    }

    /** Californium's settings for a node: block sizes, the largest upload, and how long block-wise state lives. */
    private static Configuration configuration(CoapSettings settings) {
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
        return config;
    }

    /** The plain UDP port (artifacts only), when open. */
    public OptionalInt port() {
        return plain == null ? OptionalInt.empty() : OptionalInt.of(plain.getEndpoints().getFirst().getAddress().getPort());
    }

    @Override
    public void close() {
        if (plain != null) {
            plain.destroy();
        }
    }
}
