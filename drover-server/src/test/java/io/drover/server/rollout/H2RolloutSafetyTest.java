package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class H2RolloutSafetyTest extends RolloutSafetyContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
