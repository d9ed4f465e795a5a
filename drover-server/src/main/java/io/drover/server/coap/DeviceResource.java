package io.drover.server.coap;

import io.drover.coap.CoapErrors;
import io.drover.error.DroverException;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.FleetErrors;
import java.util.concurrent.Executor;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * A resource of the DTLS endpoint that a device calls as itself: the device is the one its DTLS session was made
 * for, checked again at every request as a token is over HTTP (unknown, revoked, or a credential since replaced:
 * 4.01). Bodies are CBOR (Content-Format 60).
 */
abstract class DeviceResource extends DroverResource {
    final DeviceContext context;

    DeviceResource(String name, DeviceContext context) {
        super(name);
        this.context = context;
    }

    /** Handlers read the database: they run on the device API's executor, not a protocol thread. */
    @Override
    public Executor getExecutor() {
        return context.executor();
    }

    /** The device of the request's DTLS session. */
    AuthenticatedDevice device(CoapExchange exchange) {
        DeviceSession session = DeviceSession.of(exchange.getSourceContext().getPeerIdentity());
        if (session == null) {
            throw new DroverException(FleetErrors.UNKNOWN_CREDENTIAL, "this session was not made with a device's "
                    + "credential");
        }
        return context.fleet().authenticate(session.deviceId(), session.credential());
    }

    /** The request's CBOR body as {@code type}; another Content-Format is 4.15, bytes that are no such CBOR 4.00. */
    <T> T body(CoapExchange exchange, Class<T> type) {
        var options = exchange.getRequestOptions();
        if (options.hasContentFormat() && options.getContentFormat() != MediaTypeRegistry.APPLICATION_CBOR) {
            throw new DroverException(CoapErrors.UNSUPPORTED_CONTENT_FORMAT, "send CBOR (Content-Format 60), not "
                    + MediaTypeRegistry.toString(options.getContentFormat()));
        }
        return context.cbor().read(exchange.getRequestPayload(), type);
    }
}
