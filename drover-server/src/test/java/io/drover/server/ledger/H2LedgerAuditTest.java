package io.drover.server.ledger;

import io.drover.server.testing.StoreBackend;

class H2LedgerAuditTest extends LedgerAuditContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
