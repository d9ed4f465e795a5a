package io.drover.server.coap;

import io.drover.server.testing.StoreBackend;

class H2CoapArtifactTest extends CoapArtifactContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
