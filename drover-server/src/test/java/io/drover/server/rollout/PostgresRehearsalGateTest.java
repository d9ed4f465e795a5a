package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class PostgresRehearsalGateTest extends RehearsalGateContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
