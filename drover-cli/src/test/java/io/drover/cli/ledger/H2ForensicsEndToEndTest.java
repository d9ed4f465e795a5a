package io.drover.cli.ledger;

import io.drover.server.testing.StoreBackend;

class H2ForensicsEndToEndTest extends ForensicsEndToEndContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
