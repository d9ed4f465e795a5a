package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class H2CompatibilityTest extends CompatibilityContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
