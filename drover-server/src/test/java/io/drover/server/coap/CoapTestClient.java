package io.drover.server.coap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.config.DtlsConfig;

/** A Californium client on a UDP socket of its own, talking to one CoAP server; close it to free the socket. */
public final class CoapTestClient implements AutoCloseable {
    private final String scheme;
    private final InetSocketAddress server;
    private final Endpoint endpoint;
    private final CoapClient client = new CoapClient();

    private CoapTestClient(String scheme, InetSocketAddress server, Endpoint endpoint) {
        this.scheme = scheme;
        this.server = server;
        this.endpoint = endpoint;
        client.setEndpoint(endpoint);
        client.setTimeout(10_000L);
    }

    /**
     * Californium's settings for a test client: with {@code wholeBodies}, block-wise transfers of up to 8 MiB are
     * assembled by Californium (the client asks block after block); without, each answer is one block as sent.
     */
    public static Configuration configuration(boolean wholeBodies) {
        Configuration config = new Configuration(SystemConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                CoapConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, wholeBodies ? 8 << 20 : 0);
        config.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        return config;
    }

    /** A client of the plain UDP port that assembles block-wise bodies. */
    public static CoapTestClient plain(int port) {
        return plain(port, true);
    }

    /** A client of the plain UDP port; {@code wholeBodies}: see {@link #configuration}. */
    public static CoapTestClient plain(int port, boolean wholeBodies) {
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(configuration(wholeBodies)).build();
        return started("coap", port, endpoint);
    }

    static CoapTestClient started(String scheme, int port, Endpoint endpoint) {
        try {
            endpoint.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CoapTestClient(scheme, new InetSocketAddress("127.0.0.1", port), endpoint);
    }

    /** A request of {@code code} for {@code path} (with an optional query after {@code ?}) on the server. */
    public Request request(Code code, String path) {
        Request request = new Request(code);
        request.setURI(URI.create(scheme + "://127.0.0.1:" + server.getPort() + path));
        return request;
    }

    /** Sends {@code request} and waits for its answer (the whole body, for a block-wise one). */
    public Response send(Request request) {
        try {
            CoapResponse response = client.advanced(request);
            if (response == null) {
                throw new IllegalStateException("no answer to " + request);
            }
            return response.advanced();
        } catch (ConnectorException | IOException e) {
            throw new IllegalStateException("could not send " + request, e);
        }
    }

    public Response get(String path) {
        return send(request(Code.GET, path));
    }

    public CoapClient client() {
        return client;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        client.shutdown();
        endpoint.destroy();
    }
}
