package io.drover.server;

import io.drover.server.testing.StoreBackend;

class PostgresDeviceIdentityTest extends DeviceIdentityContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
