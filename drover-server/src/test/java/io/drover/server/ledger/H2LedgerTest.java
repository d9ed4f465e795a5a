package io.drover.server.ledger;

import io.drover.server.testing.StoreBackend;

class H2LedgerTest extends LedgerContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
