package io.drover.server;

import io.drover.server.testing.StoreBackend;

class H2DeviceIdentityTest extends DeviceIdentityContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
