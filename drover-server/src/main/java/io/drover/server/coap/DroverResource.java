package io.drover.server.coap;

import io.drover.coap.CoapErrors;
import io.drover.error.DroverException;
import io.drover.server.web.WebErrors;
import java.util.List;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.option.StringOption;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.core.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource of the CoAP device API: whatever a handler throws becomes a CoAP error answer with its stable code
 * ({@link CoapErrors}), so a refused request answers like the HTTP API and changes nothing. Methods a resource
 * does not handle answer 4.05.
 */
abstract class DroverResource extends CoapResource {
    private static final Logger LOG = LoggerFactory.getLogger(DroverResource.class);

    DroverResource(String name) {
        super(name);
    }

    /** A path below this resource that names nothing is answered 4.04 with a diagnostic, as any refusal is. */
    @Override
    public Resource getChild(String name) {
        Resource child = super.getChild(name);
        return child != null ? child : Unknown.INSTANCE;
    }

    /** What answers a path that names no resource: 4.04 {@code request.not-found}, whatever the method. */
    private static final class Unknown extends DroverResource {
        static final Unknown INSTANCE = new Unknown();

        private Unknown() {
            super("unknown");
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            throw notFound(exchange);
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            throw notFound(exchange);
        }

        @Override
        public void handlePUT(CoapExchange exchange) {
            throw notFound(exchange);
        }
    }

    /** The root of a node's resources: nothing but its children. */
    static final class Root extends DroverResource {
        Root() {
            super("");
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            throw notFound(exchange);
        }
    }

    @Override
    public final void handleRequest(Exchange exchange) {
        CoapExchange coap = new CoapExchange(exchange);
        try {
            switch (coap.getRequestCode()) {
                case GET -> handleGET(coap);
                case POST -> handlePOST(coap);
                case PUT -> handlePUT(coap);
                default -> throw notAllowed(coap);
            }
        } catch (DroverException e) {
            coap.respond(CoapErrors.response(e));
        } catch (RuntimeException e) {
            LOG.error("unexpected failure serving CoAP {} /{}", coap.getRequestCode(),
                    coap.getRequestOptions().getUriPathString(), e);
            coap.respond(CoapErrors.response(new DroverException(WebErrors.INTERNAL,
                    "the server failed unexpectedly; see its log")));
        }
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        throw notAllowed(exchange);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        throw notAllowed(exchange);
    }

    @Override
    public void handlePUT(CoapExchange exchange) {
        throw notAllowed(exchange);
    }

    /** The request's path segments. */
    static List<String> path(CoapExchange exchange) {
        return exchange.getRequestOptions().getUriPath().stream().map(StringOption::getStringValue).toList();
    }

    private static DroverException notFound(CoapExchange exchange) {
        return new DroverException(WebErrors.NOT_FOUND, "no such resource: /"
                + exchange.getRequestOptions().getUriPathString());
    }

    private static DroverException notAllowed(CoapExchange exchange) {
        return new DroverException(CoapErrors.METHOD_NOT_ALLOWED, exchange.getRequestCode() + " is not allowed on /"
                + exchange.getRequestOptions().getUriPathString());
    }
}
