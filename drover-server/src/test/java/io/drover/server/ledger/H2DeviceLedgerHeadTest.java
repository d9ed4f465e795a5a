package io.drover.server.ledger;

import io.drover.server.testing.StoreBackend;

class H2DeviceLedgerHeadTest extends DeviceLedgerHeadContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
