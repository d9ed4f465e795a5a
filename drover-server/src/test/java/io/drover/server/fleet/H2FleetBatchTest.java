package io.drover.server.fleet;

import io.drover.server.testing.StoreBackend;

class H2FleetBatchTest extends FleetBatchContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
