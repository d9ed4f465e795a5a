package io.drover.agent;

import static io.drover.agent.testing.AgentHarness.FACTORY_INVENTORY;
import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.internal.Json;
import io.drover.agent.ledger.LedgerAlarm;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.ReceivedReport;
import io.drover.agent.testing.SettableClock;
import io.drover.agent.testing.TestLog;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.ledger.PublishedTreeHead;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent against a server's ledger: it keeps the latest head it saw and installs nothing from a forked history. */
class AgentLedgerTest {
    private static final String HEAD_PATH = "/device/v1/ledger/head";

    @RegisterExtension
    final AgentHarness device = new AgentHarness();

    private final CoseSigner ledgerKey = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));
    private final TestLog log = new TestLog(ledgerKey).append("a", "b", "c");

    private Agent agent(Clock clock) {
        return device.builder(device.config().withLedgerKey(ledgerKey.verificationKey()),
                new ImageDigestHealthCheck(), clock).build();
    }

    private PublishedTreeHead keptHead() throws IOException {
        return Json.reader(PublishedTreeHead.class).readValue(device.dataDir.resolve("ledger-head.json").toFile());
    }

    @Test
    void keepsTheNewestOfHeadsThatGrowConsistentlyAndInstalls() throws Exception {
        device.server.ledgerHeads(since -> log.answer(since));
        try (Agent agent = agent(device.clock)) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            assertThat(keptHead()).isEqualTo(PublishedTreeHead.of(log.head()));

            log.append("d", "e", "f", "g");
            device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)));

            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
            assertThat(keptHead().size()).isEqualTo(7);
            assertThat(keptHead()).isEqualTo(PublishedTreeHead.of(log.head()));
            assertThat(agent.status().ledgerAlarm()).isEmpty();
        }
    }

    @Test
    void aForkedHistoryRaisesTheAlarmThatKeepsTheOldHeadAndRefusesEveryInstallEvenAfterARestart() throws Exception {
        device.server.ledgerHeads(since -> log.answer(since));
        try (Agent agent = agent(device.clock)) {
            agent.runOnce();
        }
        PublishedTreeHead kept = keptHead();
        TestLog forked = log.fork(2).append("c'", "d", "e");
        device.server.ledgerHeads(since -> forked.answer(since));
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)));

        String reason = "ledger fork alarm: the ledger of 5 entries does not extend the 3 this device saw";
        try (Agent agent = agent(device.clock)) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Waiting(reason));
            LedgerAlarm alarm = agent.status().ledgerAlarm().orElseThrow();
            assertThat(alarm.kept()).isEqualTo(kept);
            assertThat(alarm.offered()).isEqualTo(PublishedTreeHead.of(forked.head()));
            assertThat(keptHead()).isEqualTo(kept);
        }
        int headRequests = device.server.requestsTo(HEAD_PATH).size();
        try (Agent restarted = agent(device.clock)) {
            assertThat(restarted.status().ledgerAlarm()).isPresent();
            assertThat(restarted.runOnce()).isEqualTo(new CycleOutcome.Waiting(reason));
            assertThat(restarted.status().installedSequence()).isZero();
        }
        assertThat(device.server.requestsTo(HEAD_PATH)).as("an alarm that stands is not checked again")
                .hasSize(headRequests);
        assertThat(device.server.requestsTo("/device/v1/artifacts/")).isEmpty();
        assertThat(device.server.reports()).as("told once per start, not at every poll").containsExactly(
                new ReceivedReport(12, "WAITING", reason, FACTORY_INVENTORY),
                new ReceivedReport(12, "WAITING", reason, FACTORY_INVENTORY));
    }

    @Test
    void aHeadOfTheSameSizeWithAnotherRootOrSignedByAnotherKeyIsAFork() throws Exception {
        device.server.ledgerHeads(since -> log.answer(since));
        try (Agent agent = agent(device.clock)) {
            agent.runOnce();
        }
        device.server.ledgerHeads(since -> log.fork(2).append("c'").answer(since));
        try (Agent agent = agent(device.clock)) {
            agent.runOnce();
            assertThat(agent.status().ledgerAlarm().orElseThrow().reason())
                    .isEqualTo("two heads of 3 entries have different roots");
        }

        Files.delete(device.dataDir.resolve("ledger-alarm.json"));
        CoseSigner otherKey = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));
        device.server.ledgerHeads(since -> new TestLog(otherKey).append("a", "b", "c", "d").answer(since));
        try (Agent agent = agent(device.clock)) {
            agent.runOnce();
            assertThat(agent.status().ledgerAlarm().orElseThrow().reason()).isEqualTo("the head of 4 entries is not "
                    + "signed by the trusted ledger key " + ledgerKey.verificationKey().keyId());
        }
    }

    @Test
    void aHeadThatCannotBeFetchedIsNoAlarmButNothingIsInstalledUntilOneIs() throws Exception {
        device.server.ledgerHeads(since -> log.answer(since));
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 20_000)));
        device.server.failLedgerHeads(2);
        try (Agent agent = agent(device.clock)) {
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Waiting(
                    "the ledger's head could not be checked; no install until it can be"));
            assertThat(agent.status().ledgerAlarm()).isEmpty();
            assertThat(device.server.requestsTo("/device/v1/artifacts/")).isEmpty();

            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, Map.of("app", "1.1.0", "os", "4.0")));
        }
        assertThat(device.reportStatuses()).startsWith("WAITING").endsWith("SUCCESS");
    }

    @Test
    void anIdleDeviceChecksAtItsFirstCycleAndThenOncePerInterval() throws Exception {
        device.server.ledgerHeads(since -> log.answer(since));
        SettableClock clock = new SettableClock(AgentHarness.NOW);
        try (Agent agent = device.builder(device.config().withLedgerKey(ledgerKey.verificationKey()),
                new ImageDigestHealthCheck(), clock).ledgerCheckInterval(Duration.ofMinutes(30)).build()) {
            for (int i = 0; i < 5; i++) {
                agent.runOnce();
            }
            assertThat(device.server.requestsTo(HEAD_PATH)).hasSize(1);

            clock.set(AgentHarness.NOW.plus(Duration.ofMinutes(30)));
            log.append("d");
            agent.runOnce();
            agent.runOnce();

            assertThat(device.server.requestsTo(HEAD_PATH)).hasSize(2);
            assertThat(keptHead().size()).isEqualTo(4);
        }
    }
}
