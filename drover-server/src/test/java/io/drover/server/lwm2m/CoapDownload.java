package io.drover.server.lwm2m;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * A device's pull: it GETs the Package URI with Californium, which reassembles a Block2 transfer. Update Results of a
 * failed download: 9 for a scheme other than coap, 7 for a URI the server does not know, 4 when the exchange fails.
 */
final class CoapDownload implements FirmwareUpdateObject.Download, AutoCloseable {
    private final CoapEndpoint endpoint;
    private final Duration timeout;

    /** @param timeout how long a download may take before it counts as lost */
    CoapDownload(Duration timeout) {
        this.timeout = timeout;
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 64 * 1024 * 1024);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024); // asks the largest blocks CoAP has
        config.set(CoapConfig.MAX_MESSAGE_SIZE, 1024);
        config.set(CoapConfig.TOKEN_SIZE_LIMIT, 2); // a constrained device keeps its tokens short
        endpoint = new CoapEndpoint.Builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
    }

    @Override
    public FirmwareUpdateObject.Outcome fetch(String uri) {
        if (!"coap".equals(URI.create(uri).getScheme())) {
            return FirmwareUpdateObject.Outcome.failed(9);
        }
        CoapClient client = new CoapClient(uri).setEndpoint(endpoint).setTimeout(timeout.toMillis());
        try {
            CoapResponse response = client.get();
            if (response == null) {
                return FirmwareUpdateObject.Outcome.failed(4);
            }
            if (response.getCode() == ResponseCode.NOT_FOUND) {
                return FirmwareUpdateObject.Outcome.failed(7);
            }
            return response.isSuccess() ? FirmwareUpdateObject.Outcome.of(response.getPayload())
                    : FirmwareUpdateObject.Outcome.failed(4);
        } catch (Exception e) {
            return FirmwareUpdateObject.Outcome.failed(4);
        } finally {
            client.shutdown();
        }
    }

    /** Lets {@code interceptor} see every CoAP message of the downloads. */
    void intercept(MessageInterceptor interceptor) {
        endpoint.addPostProcessInterceptor(interceptor);
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
