package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class H2RehearsalGateTest extends RehearsalGateContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
