package io.drover.server.access;

import io.drover.server.testing.StoreBackend;

class H2UsersTest extends UsersContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
