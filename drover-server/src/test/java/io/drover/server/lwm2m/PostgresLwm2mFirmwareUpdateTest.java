package io.drover.server.lwm2m;

import io.drover.server.testing.StoreBackend;

class PostgresLwm2mFirmwareUpdateTest extends Lwm2mFirmwareUpdateContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
