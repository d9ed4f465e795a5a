package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class PostgresRollbackOnHaltTest extends RollbackOnHaltContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
