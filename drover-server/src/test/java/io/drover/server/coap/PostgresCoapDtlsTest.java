package io.drover.server.coap;

import io.drover.server.testing.StoreBackend;

class PostgresCoapDtlsTest extends CoapDtlsContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
