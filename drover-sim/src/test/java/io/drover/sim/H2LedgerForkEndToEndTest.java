package io.drover.sim;

import io.drover.server.testing.StoreBackend;

class H2LedgerForkEndToEndTest extends LedgerForkEndToEndContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
