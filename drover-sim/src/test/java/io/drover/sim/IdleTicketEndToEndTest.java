package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.Agent;
import io.drover.agent.CycleOutcome;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.error.DroverException;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent's idle polls against a real server are answered from memory, by the idle ticket the agent keeps, and
 * a rollout of its class brings the next poll back to the database. A credential revoked behind the server's back (in
 * SQL) shows which path answered.
 */
class IdleTicketEndToEndTest {
    private static final String CLASS = "meter";
    private static final String APP = "app";

    @TempDir
    Path deviceDir;

    @Test
    void anIdleAgentIsAnsweredFromMemoryUntilARolloutOfItsClass() throws Exception {
        try (TestServer server = TestServer.start(StoreBackend.H2)) {
            ApiClient admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
            TestVendor vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
            vendor.defineClass(CLASS, APP);
            String token = vendor.register("dev-1", CLASS, APP, "1.0.0");
            try (Agent agent = Agent.builder(
                    VendorAgents.config(vendor, server.baseUrl(), token, deviceDir, Map.of(APP, "1.0.0")),
                    new ImageDigestHealthCheck(), Clock.systemUTC()).build()) {
                assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.NothingToDo.class);

                server.withDatabase(h -> h.createUpdate("UPDATE device SET revoked = TRUE WHERE id = 'dev-1'").execute());
                assertThat(agent.runOnce()).as("answered by ticket").isInstanceOf(CycleOutcome.NothingToDo.class);
                assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.NothingToDo.class);

                byte[] image = TestVendor.randomBytes(10_000, 3);
                vendor.upload(image);
                vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
                assertThatThrownBy(agent::runOnce).as("answered in full").isInstanceOf(DroverException.class)
                        .hasMessageContaining("revoked");
            }
        }
    }
}
