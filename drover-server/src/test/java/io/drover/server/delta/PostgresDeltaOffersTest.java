package io.drover.server.delta;

import io.drover.server.testing.StoreBackend;

class PostgresDeltaOffersTest extends DeltaOffersContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
