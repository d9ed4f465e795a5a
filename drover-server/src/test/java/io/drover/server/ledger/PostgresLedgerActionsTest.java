package io.drover.server.ledger;

import io.drover.server.testing.StoreBackend;

class PostgresLedgerActionsTest extends LedgerActionsContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
