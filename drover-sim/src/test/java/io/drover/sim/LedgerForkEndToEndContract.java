package io.drover.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.Agent;
import io.drover.agent.CycleOutcome;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.ledger.LedgerAlarm;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.server.testing.ApiClient;
import io.drover.server.testing.StoreBackend;
import io.drover.server.testing.TestLedger;
import io.drover.server.testing.TestServer;
import io.drover.server.testing.TestVendor;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent that trusts the ledger key of a real server: it follows a ledger that grows honestly, and when the
 * server's history is rewritten behind its back (new heads, validly signed, that do not extend what the device saw) it
 * raises the fork alarm and installs nothing. Runs once per store backend.
 */
abstract class LedgerForkEndToEndContract {
    private static final String CLASS = "meter";
    private static final String APP = "app";

    @TempDir
    Path devicesDir;

    private TestServer server;
    private ApiClient admin;
    private TestVendor vendor;
    private TestLedger ledger;
    private String token;

    abstract StoreBackend backend();

    @BeforeEach
    void start() {
        server = TestServer.start(backend());
        admin = new ApiClient(server.baseUrl(), TestServer.ADMIN_TOKEN);
        vendor = new TestVendor(admin, SignatureAlgorithm.ED25519);
        vendor.defineClass(CLASS, APP);
        token = vendor.register("meter-1", CLASS, APP, "1.0.0");
        ledger = new TestLedger(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Agent agent(VerificationKey ledgerKey) {
        return Agent.builder(VendorAgents.config(vendor, server.baseUrl(), token, devicesDir.resolve("meter-1"),
                Map.of(APP, "1.0.0")).withLedgerKey(ledgerKey),
                new ImageDigestHealthCheck(), Clock.systemUTC()).build();
    }

    private VerificationKey serverLedgerKey() {
        return VerificationKey.fromPem(admin.get("/api/v1/ledger/key").json().get("publicKeyPem").asText());
    }

    private long assignRelease() {
        byte[] image = TestVendor.randomBytes(20_000, 1);
        vendor.upload(image);
        return vendor.startRollout(vendor.release(CLASS, vendor.sign(1, APP, "1.1.0", image)));
    }

    @Test
    void anAgentFollowsALedgerThatGrowsConsistentlyAndInstalls() throws IOException, InterruptedException {
        SignedTreeHead first = ledger.append("alice", 3);
        try (Agent agent = agent(serverLedgerKey())) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            ledger.append("bob", 6);
            assignRelease();

            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
            assertThat(agent.status().ledgerAlarm()).isEmpty();
        }
        assertThat(keptHead().size()).isGreaterThanOrEqualTo(9).isGreaterThan(first.head().size());
        assertThat(keptHead().toSigned().verifiedBy(serverLedgerKey())).isTrue();
        assertThat(admin.get("/api/v1/devices/meter-1").json().at("/inventory/app").asText()).isEqualTo("1.1.0");
    }

    @Test
    void aForkedHistoryIsCaughtAndTheAssignedReleaseIsNotInstalled() throws IOException, InterruptedException {
        ledger.append("alice", 5);
        try (Agent agent = agent(serverLedgerKey())) {
            agent.runOnce();
            PublishedTreeHead kept = keptHead();
            assertThat(kept.size()).isGreaterThanOrEqualTo(5);

            // Validly signed by the same key, longer, and not an extension of what the device saw.
            SignedTreeHead forked = ledger.fork(2, "mallory", 10);
            long rollout = assignRelease();

            CycleOutcome outcome = agent.runOnce();

            assertThat(outcome).isInstanceOfSatisfying(CycleOutcome.Waiting.class, waiting -> assertThat(
                    waiting.reason()).startsWith("ledger fork alarm: the ledger of ").contains("does not extend the "
                            + kept.size() + " this device saw"));
            LedgerAlarm alarm = agent.status().ledgerAlarm().orElseThrow();
            assertThat(alarm.kept()).isEqualTo(kept);
            assertThat(alarm.offered().size()).isGreaterThanOrEqualTo(forked.head().size());
            assertThat(keptHead()).isEqualTo(kept);
            assertThat(agent.runOnce()).isEqualTo(outcome);
            assertThat(agent.status().installedSequence()).isZero();
            assertThat(agent.status().inventory()).isEqualTo(Map.of(APP, "1.0.0"));

            JsonNode onServer = admin.get("/api/v1/devices/meter-1").json();
            assertThat(onServer.at("/inventory/app").asText()).isEqualTo("1.0.0");
            assertThat(onServer.get("installedSequence").asLong()).isZero();
            JsonNode report = admin.get("/api/v1/rollouts/" + rollout + "/devices").json().get(0);
            assertThat(report.get("status").asText()).isEqualTo("WAITING");
            assertThat(report.get("reason").asText()).isEqualTo(((CycleOutcome.Waiting) outcome).reason());
        }
    }

    @Test
    void aLedgerThatShrankIsAFork() throws IOException, InterruptedException {
        ledger.append("alice", 8);
        try (Agent agent = agent(serverLedgerKey())) {
            agent.runOnce();
            long kept = keptHead().size();
            ledger.fork(3, "mallory", 0);
            assignRelease();
            server.ledger().latestHead(); // sign the shrunk log's head now, not at the sequencer's next pass

            // 3 entries, plus the release upload's and the rollout's: fewer than the device saw.
            assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.Waiting.class, waiting -> {
                Matcher shrank = Pattern.compile("ledger fork alarm: the ledger shrank from " + kept + " entries to (\\d+)")
                        .matcher(waiting.reason());
                assertThat(shrank.matches()).as(waiting.reason()).isTrue();
                assertThat(Long.parseLong(shrank.group(1))).isBetween(3L, kept - 1);
            });
            assertThat(agent.status().installedSequence()).isZero();
        }
    }

    @Test
    void aHeadSignedByAnotherKeyThanTheTrustedOneIsAFork() throws IOException, InterruptedException {
        ledger.append("alice", 2);
        VerificationKey notTheServers = SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey();
        try (Agent agent = agent(notTheServers)) {
            agent.runOnce();
            assertThat(agent.status().ledgerAlarm().orElseThrow().reason())
                    .endsWith("is not signed by the trusted ledger key " + notTheServers.keyId());
            assignRelease();

            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Waiting.class);
            assertThat(agent.status().installedSequence()).isZero();
        }
        assertThat(devicesDir.resolve("meter-1").resolve("ledger-head.json")).doesNotExist();
    }

    private PublishedTreeHead keptHead() throws IOException {
        return new ObjectMapper().readValue(
                devicesDir.resolve("meter-1").resolve("ledger-head.json").toFile(), PublishedTreeHead.class);
    }
}
