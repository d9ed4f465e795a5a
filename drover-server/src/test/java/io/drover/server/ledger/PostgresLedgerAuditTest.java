package io.drover.server.ledger;

import io.drover.server.testing.StoreBackend;

class PostgresLedgerAuditTest extends LedgerAuditContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
