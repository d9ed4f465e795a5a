package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class PostgresRolloutSafetyTest extends RolloutSafetyContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
