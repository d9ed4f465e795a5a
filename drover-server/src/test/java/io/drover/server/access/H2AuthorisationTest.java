package io.drover.server.access;

import io.drover.server.testing.StoreBackend;

class H2AuthorisationTest extends AuthorisationContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
