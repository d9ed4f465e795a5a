package io.drover.server.ledger;

import io.drover.server.testing.StoreBackend;

class PostgresDeviceLedgerHeadTest extends DeviceLedgerHeadContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
