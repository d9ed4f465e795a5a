package io.drover.server;

import io.drover.server.testing.StoreBackend;

class PostgresServerApiTest extends ServerApiContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
