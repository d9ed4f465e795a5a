package io.drover.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.download.DownloadThrottle;
import io.drover.agent.health.ImageDigestHealthCheck;
import io.drover.agent.slot.SlotId;
import io.drover.agent.testing.AgentHarness;
import io.drover.agent.testing.FakeDeviceServer.Request;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AgentDownloadTest {
    private static final Image APP = Image.of("app", "1.1.0", 200_000);

    @RegisterExtension
    final AgentHarness device = new AgentHarness();
    private TestRelease release;

    @BeforeEach
    void setUp() throws Exception {
        release = device.release(7, 3, APP);
        device.server.assign(12, release);
        device.server.beforeDrop(offset -> device.awaitPartialImage(SlotId.B, offset));
    }

    @Test
    void resumesDownloadWithRangeAfterDroppedConnection() throws Exception {
        device.server.dropArtifactResponses(80_000, 50_000);

        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }

        assertThat(device.server.requestsTo("/device/v1/artifacts/")).extracting(Request::range)
                .containsExactly(null, "bytes=80000-", "bytes=130000-");
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(APP.content());
        // Each attempt made progress, so each wait is the first step of the backoff.
        assertThat(device.sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(10));
    }

    @Test
    void waitsAsLongAsTheMaxDownloadRateDemands() throws Exception {
        long start = System.nanoTime();
        try (Agent agent = device.builder(new ImageDigestHealthCheck()).maxDownloadRate(50_000).build()) {
            assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // 200 kB at 50 kB/s, less the burst the full bucket lets through. The harness's sleeper returns at once,
        // which the throttle takes at its word; real time that passed between reads earns credit too.
        Duration demanded = Duration.ofNanos((200_000 - DownloadThrottle.BURST_BYTES) * 1_000_000_000L / 50_000);
        Duration waited = device.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertThat(waited).isBetween(demanded.minus(elapsed), demanded);
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(APP.content());
    }

    @Test
    void retriesACorruptedImageOnTheNextCycleWithoutFetchingTheEnvelopeAgain() throws Exception {
        byte[] corrupt = APP.content().clone();
        corrupt[123_456] ^= 0x01;
        device.server.replaceArtifact(APP.sha256Hex(), corrupt);

        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.DownloadFailed.class,
                    failed -> assertThat(failed.reason()).isEqualTo(AgentErrors.IMAGE_DIGEST_MISMATCH));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
            assertThat(agent.status().inventory()).isEqualTo(AgentHarness.FACTORY_INVENTORY);
            assertThat(device.filesIn(SlotId.B)).as("no partial image is left").isEmpty();
            assertThat(device.server.reports().getLast().reason())
                    .startsWith(AgentErrors.IMAGE_DIGEST_MISMATCH.code() + ": ");

            device.server.replaceArtifact(APP.sha256Hex(), APP.content());

            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, Map.of("app", "1.1.0", "os", "4.0")));
        }
        assertThat(device.reportStatuses())
                .containsExactly("DOWNLOADING", "RETRYING", "DOWNLOADING", "INSTALLING", "SUCCESS");
        assertThat(device.server.requestsTo("/device/v1/releases/")).as("the verified release is kept").hasSize(1);
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(APP.content());
    }

    @Test
    void refusesTheReleaseForGoodWhenItsImageKeepsHavingTheWrongDigest() throws Exception {
        byte[] corrupt = APP.content().clone();
        corrupt[123_456] ^= 0x01;
        device.server.replaceArtifact(APP.sha256Hex(), corrupt);

        try (Agent agent = device.agent()) {
            for (int attempt = 1; attempt < UpdateCycle.MAX_DIGEST_MISMATCHES; attempt++) {
                assertThat(agent.runOnce()).isInstanceOf(CycleOutcome.DownloadFailed.class);
            }
            assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.Rejected.class,
                    refused -> assertThat(refused.reason()).isEqualTo(AgentErrors.IMAGE_DIGEST_MISMATCH));
            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.NothingToDo());
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);
        }
        assertThat(device.reportStatuses()).containsExactly(
                "DOWNLOADING", "RETRYING", "DOWNLOADING", "RETRYING", "DOWNLOADING", "FAILURE");
        assertThat(device.server.reports().getLast().reason()).contains("3 downloads in a row with a wrong digest");
        assertThat(device.server.requestsTo("/device/v1/artifacts/")).hasSize(UpdateCycle.MAX_DIGEST_MISMATCHES);
        assertThat(device.filesIn(SlotId.B)).isEmpty();
    }

    @Test
    void retriesAfterTheDevicesOwnStorageFailedWithoutFetchingAgainWhatItCompleted() throws Exception {
        Image os = Image.of("os", "4.1", 50_000);
        device.server.assign(13, device.release(8, 3, APP, os));
        // A directory where the second image's partial file goes: opening it for writing fails, even as root.
        Path blocked = Files.createDirectories(device.slotDirectory(SlotId.B).resolve("os." + os.sha256Hex() + ".part"));

        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.DownloadFailed.class,
                    failed -> assertThat(failed.reason()).isEqualTo(AgentErrors.SLOT_WRITE_FAILED));
            Files.delete(blocked);

            assertThat(agent.runOnce()).isEqualTo(new CycleOutcome.Installed(3, Map.of("app", "1.1.0", "os", "4.1")));
        }
        assertThat(device.reportStatuses())
                .containsExactly("DOWNLOADING", "RETRYING", "DOWNLOADING", "INSTALLING", "SUCCESS");
        assertThat(device.server.reports().get(1).reason()).startsWith(AgentErrors.SLOT_WRITE_FAILED.code() + ": ");
        assertThat(device.server.requestsTo("/device/v1/artifacts/" + APP.sha256Hex()))
                .as("the image completed before the failure is kept").hasSize(1);
        assertThat(device.slotImage(SlotId.B, "os")).hasBinaryContent(os.content());
    }

    @Test
    void refusesAnImageLongerThanTheManifestSays() throws Exception {
        byte[] longer = new byte[APP.content().length + 10_000];
        System.arraycopy(APP.content(), 0, longer, 0, APP.content().length);
        device.server.replaceArtifact(APP.sha256Hex(), longer);

        try (Agent agent = device.agent()) {
            assertThat(agent.runOnce()).isInstanceOfSatisfying(CycleOutcome.DownloadFailed.class,
                    failed -> assertThat(failed.reason()).isEqualTo(AgentErrors.IMAGE_DIGEST_MISMATCH));
        }
        assertThat(device.filesIn(SlotId.B)).isEmpty();
    }

    @Test
    void givesUpAfterAttemptsWithoutProgressAndResumesOnTheNextCycle() throws Exception {
        device.server.dropArtifactResponses(60_000, 0, 0, 0);

        try (Agent agent = device.agent()) {
            CycleOutcome first = agent.runOnce();

            assertThat(first).isInstanceOfSatisfying(CycleOutcome.DownloadFailed.class,
                    failed -> assertThat(failed.reason()).isEqualTo(AgentErrors.DOWNLOAD_FAILED));
            assertThat(device.sleeps).containsExactly(
                    Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
            assertThat(agent.status().activeSlot()).isEqualTo(SlotId.A);

            CycleOutcome second = agent.runOnce();

            assertThat(second).isEqualTo(new CycleOutcome.Installed(3, Map.of("app", "1.1.0", "os", "4.0")));
        }
        List<Request> artifactRequests = device.server.requestsTo("/device/v1/artifacts/");
        assertThat(artifactRequests.getLast().range()).isEqualTo("bytes=60000-");
        assertThat(device.slotImage(SlotId.B, "app")).hasBinaryContent(APP.content());
        assertThat(device.reportStatuses())
                .containsExactly("DOWNLOADING", "RETRYING", "DOWNLOADING", "INSTALLING", "SUCCESS");
        assertThat(device.server.reports().get(1).reason()).startsWith(AgentErrors.DOWNLOAD_FAILED.code() + ": ");
    }

    @Test
    void resumesAPartialDownloadLeftByAnEarlierAgentInstance() throws Exception {
        device.server.dropArtifactResponses(70_000, 0, 0, 0);
        try (Agent agent = device.agent()) {
            agent.runOnce();
        }

        try (Agent restarted = device.agent()) {
            assertThat(restarted.runOnce()).isInstanceOf(CycleOutcome.Installed.class);
        }
        assertThat(device.server.requestsTo("/device/v1/artifacts/").getLast().range())
                .isEqualTo("bytes=70000-");
    }
}
