package io.drover.server.lwm2m;

import io.drover.server.testing.StoreBackend;

class H2Lwm2mFirmwareUpdateTest extends Lwm2mFirmwareUpdateContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
