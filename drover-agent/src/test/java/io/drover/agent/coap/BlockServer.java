package io.drover.agent.coap;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.option.BlockOption;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;

/**
 * A plain Californium server on loopback serving one body at {@code /a/<any name>} and {@code /e/<any name>} block by
 * block, in blocks of at most {@code maxBlockSize}, that can fail chosen blocks once with 5.03 and records the paths
 * and block numbers asked for.
 */
final class BlockServer implements AutoCloseable {
    private final CoapServer server;
    private final CoapEndpoint endpoint;
    private final byte[] body;
    private final int maxSzx;
    private final Set<Integer> failOnce = ConcurrentHashMap.newKeySet();
    private final List<Integer> asked = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    BlockServer(byte[] body, int maxBlockSize) {
        this.body = body.clone();
        this.maxSzx = BlockOption.size2Szx(maxBlockSize);
        Configuration config = new Configuration();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        endpoint = CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        server = new CoapServer(config);
        server.addEndpoint(endpoint);
        for (String resource : List.of("a", "e")) {
            server.add(new CoapResource(resource) {
                @Override
                public Resource getChild(String name) {
                    return this;
                }

                @Override
                public void handleGET(CoapExchange exchange) {
                    serve(exchange);
                }
            });
        }
        server.start();
    }

    URI url() {
        return URI.create("coap://127.0.0.1:" + endpoint.getAddress().getPort());
    }

    /** The block number of each request, in the server's block size, in order. */
    List<Integer> asked() {
        return List.copyOf(asked);
    }

    /** The path of each request, in order. */
    List<String> paths() {
        return List.copyOf(paths);
    }

    void failOnce(int block) {
        failOnce.add(block);
    }

    private void serve(CoapExchange exchange) {
        BlockOption request = exchange.getRequestOptions().getBlock2();
        int szx = request == null ? maxSzx : Math.min(maxSzx, request.getSzx());
        int size = BlockOption.szx2Size(szx);
        int offset = request == null ? 0 : request.getOffset();
        int num = offset / size;
        asked.add(num);
        paths.add("/" + exchange.getRequestOptions().getUriPathString());
        if (failOnce.remove(num)) {
            exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "test.unavailable: block " + num + " fails once");
            return;
        }
        int end = Math.min(body.length, offset + size);
        Response response = new Response(ResponseCode.CONTENT);
        response.setPayload(Arrays.copyOfRange(body, offset, end));
        response.getOptions().setBlock2(szx, end < body.length, num).setSize2(body.length);
        exchange.respond(response);
    }

    @Override
    public void close() {
        server.destroy();
    }
}
