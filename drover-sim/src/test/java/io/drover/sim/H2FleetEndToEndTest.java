package io.drover.sim;

import io.drover.server.testing.StoreBackend;

class H2FleetEndToEndTest extends FleetEndToEndContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
