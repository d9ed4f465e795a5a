package io.drover.server.rollout;

import io.drover.server.testing.StoreBackend;

class PostgresTwoPersonRuleTest extends TwoPersonRuleContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
