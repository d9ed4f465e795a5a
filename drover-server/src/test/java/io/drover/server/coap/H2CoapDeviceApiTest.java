package io.drover.server.coap;

import io.drover.server.testing.StoreBackend;

class H2CoapDeviceApiTest extends CoapDeviceApiContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
