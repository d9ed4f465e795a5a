package io.drover.cli.ledger;

import io.drover.server.testing.StoreBackend;

class PostgresForensicsEndToEndTest extends ForensicsEndToEndContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
