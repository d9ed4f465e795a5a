package io.drover.server.device;

import io.drover.server.testing.StoreBackend;

class H2IdleTicketTest extends IdleTicketContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
