package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class H2StagedRolloutTest extends StagedRolloutContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
