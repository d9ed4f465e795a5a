package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class PostgresCompatibilityTest extends CompatibilityContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
