package io.drover.server.coap;

import io.drover.server.fleet.AuthenticatedDevice;
import java.util.function.BiConsumer;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * A resource through which a device tells the server something in a CBOR body, with one method: an install report
 * ({@code POST /r}), its attributes ({@code PUT /t}) or its health ({@code POST /h}). Answered 2.04 Changed, no body.
 */
final class ReportingResource<T> extends DeviceResource {
    private final Code method;
    private final Class<T> type;
    private final BiConsumer<AuthenticatedDevice, T> sink;

    ReportingResource(String name, Code method, Class<T> type, BiConsumer<AuthenticatedDevice, T> sink,
            DeviceContext context) {
        super(name, context);
        this.method = method;
        this.type = type;
        this.sink = sink;
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        if (method != Code.POST) {
            super.handlePOST(exchange);
            return;
        }
        take(exchange);
    }

    @Override
    public void handlePUT(CoapExchange exchange) {
        if (method != Code.PUT) {
            super.handlePUT(exchange);
            return;
        }
        take(exchange);
    }

    private void take(CoapExchange exchange) {
        AuthenticatedDevice device = device(exchange);
        sink.accept(device, body(exchange, type));
        exchange.respond(ResponseCode.CHANGED);
    }
}
