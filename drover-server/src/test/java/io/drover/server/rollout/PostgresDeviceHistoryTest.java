package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class PostgresDeviceHistoryTest extends DeviceHistoryContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
