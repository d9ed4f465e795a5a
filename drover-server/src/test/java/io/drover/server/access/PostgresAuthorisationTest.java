package io.drover.server.access;

import io.drover.server.testing.StoreBackend;

class PostgresAuthorisationTest extends AuthorisationContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
