package io.drover.server.access;

import io.drover.server.testing.StoreBackend;

class PostgresUsersTest extends UsersContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
