package io.drover.server.coap;

import io.drover.server.testing.StoreBackend;

class PostgresCoapArtifactTest extends CoapArtifactContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
