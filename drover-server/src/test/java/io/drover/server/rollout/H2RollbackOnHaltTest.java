package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class H2RollbackOnHaltTest extends RollbackOnHaltContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
