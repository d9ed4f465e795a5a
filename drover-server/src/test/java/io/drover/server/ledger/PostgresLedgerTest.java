package io.drover.server.ledger;

import io.drover.server.testing.StoreBackend;

class PostgresLedgerTest extends LedgerContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
