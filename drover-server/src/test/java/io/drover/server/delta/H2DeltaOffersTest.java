package io.drover.server.delta;

import io.drover.server.testing.StoreBackend;

class H2DeltaOffersTest extends DeltaOffersContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
