package io.drover.sim;

import io.drover.server.testing.StoreBackend;

class PostgresFleetEndToEndTest extends FleetEndToEndContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
