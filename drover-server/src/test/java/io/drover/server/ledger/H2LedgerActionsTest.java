package io.drover.server.ledger;

import io.drover.server.testing.StoreBackend;

class H2LedgerActionsTest extends LedgerActionsContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
