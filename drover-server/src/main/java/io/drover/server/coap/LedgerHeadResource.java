package io.drover.server.coap;

import io.drover.coap.BlockSource;
import io.drover.server.web.PathParams;
import org.eclipse.californium.core.CoapExchange;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * {@code GET /l?since=N}: the ledger's latest signed head with the proof that it extends the tree of N entries, as
 * {@code GET /device/v1/ledger/head} answers it, in CBOR, block-wise when large.
 */
final class LedgerHeadResource extends DeviceResource {
    LedgerHeadResource(DeviceContext context) {
        super("l", context);
    }

    @Override
    public void handleGET(CoapExchange exchange) {
        device(exchange);
        String since = exchange.getQueryParameter("since");
        byte[] head = context.cbor().write(context.api().ledgerHead(since == null ? 0 : PathParams.parseLong("since", since)));
        exchange.respond(context.blocks().answer(exchange.getRequestOptions(), BlockSource.of(head),
                MediaTypeRegistry.APPLICATION_CBOR));
    }
}
