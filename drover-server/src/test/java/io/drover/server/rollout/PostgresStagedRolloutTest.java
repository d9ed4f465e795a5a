package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class PostgresStagedRolloutTest extends StagedRolloutContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
