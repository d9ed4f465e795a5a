package io.drover.server.coap;

import io.drover.server.testing.StoreBackend;

class PostgresCoapDeviceApiTest extends CoapDeviceApiContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
