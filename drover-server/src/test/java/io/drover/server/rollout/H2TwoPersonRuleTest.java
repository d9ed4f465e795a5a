package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class H2TwoPersonRuleTest extends TwoPersonRuleContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
