package io.drover.server.coap;

import io.drover.server.testing.StoreBackend;

class H2CoapDtlsTest extends CoapDtlsContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
