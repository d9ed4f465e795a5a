package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class H2DeviceHistoryTest extends DeviceHistoryContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
