package io.drover.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentLoopTest {
    private static final Duration POLL = Duration.ofMillis(20);

    @RegisterExtension
    final AgentHarness device = new AgentHarness();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();


    @Test
    void keepsPollingThroughServerFailuresWithGrowingWaitsAndThenInstalls() throws Exception {
        device.server.failCheckIns(3);
        device.server.assign(12, device.release(7, 3, Image.of("app", "1.1.0", 10_000)));

        try (Agent agent = loopingAgent()) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread loop = Thread.ofVirtual().start(() -> agent.runUntil(POLL, stop::get));
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> agent.status().installedSequence() == 3);
            } finally {
                stop.set(true);
                loop.join(Duration.ofSeconds(5));
            }
            assertThat(loop.isAlive()).isFalse();
        }
        // 20, 40, 80 ms after the three failures, each within the ±10% jitter; then back to the poll interval.
        assertThat(waits.subList(0, 4)).satisfiesExactly(
                wait -> assertThat(wait).isBetween(Duration.ofMillis(18), Duration.ofMillis(22)),
                wait -> assertThat(wait).isBetween(Duration.ofMillis(36), Duration.ofMillis(44)),
                wait -> assertThat(wait).isBetween(Duration.ofMillis(72), Duration.ofMillis(88)),
                wait -> assertThat(wait).isBetween(Duration.ofMillis(18), Duration.ofMillis(22)));
    }

    @Test
    void keepsPollingWhileTheServerIsUnreachable() throws Exception {
        device.server.close();

        try (Agent agent = loopingAgent()) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread loop = Thread.ofVirtual().start(() -> agent.runUntil(POLL, stop::get));
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> waits.size() >= 3);
                assertThat(loop.isAlive()).isTrue();
            } finally {
                stop.set(true);
                loop.join(Duration.ofSeconds(5));
            }
            assertThat(loop.isAlive()).isFalse();
        }
    }

    @Test
    void stopsPollingWhenItsThreadIsInterrupted() throws Exception {
        try (Agent agent = device.builder(new ImageDigestHealthCheck()).sleeper(Thread::sleep).build()) {
            Thread loop = Thread.ofVirtual().start(() -> agent.runUntil(Duration.ofHours(1), () -> false));
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> agent.status().lastOutcome().isPresent());

            loop.interrupt();

            loop.join(Duration.ofSeconds(5));
            assertThat(loop.isAlive()).isFalse();
            assertThat(device.server.requestsTo("/device/v1/checkin")).hasSize(1);
        }
    }

    @Test
    void startingClearsWhatWritesCutShortByACrashLeftInTheDataFolder() throws Exception {
        Files.createDirectories(device.dataDir);
        Path halfState = Files.writeString(device.dataDir.resolve("state.json.18c3f2a9b.tmp"), "{\"activeSl");
        Path halfKey = Files.writeString(device.dataDir.resolve("identity.key.2b7e.tmp"), "-----BEGIN PRIV");

        try (Agent agent = device.builder(new ImageDigestHealthCheck()).build()) {
            assertThat(halfState).doesNotExist();
            assertThat(halfKey).doesNotExist();
            assertThat(device.dataDir.resolve("identity.key")).exists();
        }
    }

    @Test
    void failsACycleWithTheServersCodeWhenTheTokenIsUnknown() throws Exception {
        try (Agent agent = Agent.builder(device.config("revoked-token"), new ImageDigestHealthCheck(), device.clock)
                .build()) {
            assertThatThrownBy(agent::runOnce).isInstanceOfSatisfying(DroverException.class, e -> assertThat(
                    e.errorCode()).isEqualTo(new ErrorCode("device.unknown-credential",
                            ErrorCode.Category.UNAUTHENTICATED)));
        }
    }

    /** Waits are recorded and really taken, briefly, so the loop does not spin. */
    private Agent loopingAgent() {
        return device.builder(new ImageDigestHealthCheck())
                .sleeper(wait -> {
                    waits.add(wait);
                    Thread.sleep(Math.min(wait.toMillis(), 5));
                })
                .random(new SplittableRandom(7))
                .build();
    }
}
