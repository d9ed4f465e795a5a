package io.drover.server.coap;

import io.drover.error.DroverException;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.release.ReleaseErrors;
import io.drover.server.web.PathParams;
import java.util.List;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.Resource;

/** {@code GET /e/{releaseId}}: a release's signed envelope (CBOR), for a device of its class, block-wise when large. */
final class EnvelopeResource extends DeviceResource {
    EnvelopeResource(DeviceContext context) {
        super("e", context);
    }

    /** Every name below {@code /e} is a release id; the handler checks the path. */
    @Override
    public Resource getChild(String name) {
        return this;
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        AuthenticatedDevice device = device(exchange);
        List<String> path = path(exchange);
        if (path.size() != 2) {
            throw new DroverException(ReleaseErrors.NOT_FOUND, "an envelope's path is /e/{releaseId}, not /"
                    + exchange.getRequestOptions().getUriPathString());
        }
        byte[] envelope = context.api().envelope(device, PathParams.parseLong("releaseId", path.get(1)));
        exchange.respond(context.blocks().answer(exchange.getRequestOptions(), BlockSource.of(envelope),
                MediaTypeRegistry.APPLICATION_CBOR));
    }
}
