package io.drover.server.coap;

import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceIdentity;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * {@code PUT /i}: the device registers its identity key (trust on first use under its DTLS credential, as over HTTP
 * under its token); answered 2.04 with the registration.
 */
final class IdentityResource extends DeviceResource {
    IdentityResource(DeviceContext context) {
        super("i", context);
    }

    @Override
    public void handlePUT(CoapExchange exchange) {
        AuthenticatedDevice device = device(exchange);
        DeviceIdentity.Registration registration = context.api().registerIdentity(device,
                body(exchange, DeviceIdentity.NewKey.class).key());
        exchange.respond(ResponseCode.CHANGED, context.cbor().write(registration), MediaTypeRegistry.APPLICATION_CBOR);
    }
}
