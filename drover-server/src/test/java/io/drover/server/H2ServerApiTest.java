package io.drover.server;

import io.drover.server.testing.StoreBackend;

class H2ServerApiTest extends ServerApiContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
