package io.drover.server.fleet;

import io.drover.server.testing.StoreBackend;

class PostgresFleetBatchTest extends FleetBatchContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
