package io.drover.sim;

import io.drover.server.testing.StoreBackend;

class PostgresLedgerForkEndToEndTest extends LedgerForkEndToEndContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
