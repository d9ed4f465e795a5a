package io.drover.server.device;

import io.drover.server.testing.StoreBackend;

class PostgresIdleTicketTest extends IdleTicketContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
