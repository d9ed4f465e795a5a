package io.drover.agent.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.AgentErrors;
import io.drover.agent.slot.FileSlotStore;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.ImageWriter;
import io.drover.agent.slot.SlotId;
import io.drover.agent.testing.StubHttpServer;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.agent.transport.DeviceClient;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server behaviours the Drover server does not show but a proxy or CDN in between may. */
class ArtifactDownloaderTest {
    private static final Image APP = Image.of("app", "1.1.0", 10_000);
    private static final ImageDigest DIGEST = ImageDigest.of(APP.sha256(), APP.content().length);
    private static final String URL = "/device/v1/artifacts/" + APP.sha256Hex();

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private StubHttpServer server;
    private FileSlotStore slots;
    private ArtifactDownloader downloader;

    @BeforeEach
    void setUp() throws IOException {
        server = new StubHttpServer();
        slots = new FileSlotStore(dataDir);
        DeviceClient client = new DeviceClient(http, server.baseUrl(), "token", Duration.ofSeconds(5));
        downloader = new ArtifactDownloader(client, slots,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40)), sleeps::add,
                DownloadThrottle.unlimited(), step -> { });
    }

    @AfterEach
    void tearDown() {
        server.close();
        http.close();
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws Exception {
        keepPartial(APP.content(), 4_000);
        server.then(StubHttpServer.status(200, "application/octet-stream", APP.content()));

        assertThat(downloader.download(URL, SlotId.B, "app", DIGEST)).isEqualTo(new DownloadResult.Downloaded());

        assertThat(server.exchanges().getFirst().header("Range")).isEqualTo("bytes=4000-");
        assertThat(dataDir.resolve("slots/B/app.img")).hasBinaryContent(APP.content());
    }

    @Test
    void dropsAKeptPartialTheServerCannotContinueAndStartsOver() throws Exception {
        keepPartial(APP.content(), 4_000);
        server.then(StubHttpServer.json(416, "{\"code\":\"artifact.range-not-satisfiable\",\"message\":\"no\"}"))
                .then(StubHttpServer.status(200, "application/octet-stream", APP.content()));

        assertThat(downloader.download(URL, SlotId.B, "app", DIGEST)).isEqualTo(new DownloadResult.Downloaded());
        assertThat(server.exchanges()).extracting(e -> e.header("Range")).containsExactly("bytes=4000-", null);
    }

    @Test
    void stopsAtOnceWhenTheServerAnnouncesAnotherSizeThanTheManifest() throws Exception {
        server.then(StubHttpServer.status(200, "application/octet-stream", new byte[APP.content().length + 1]));

        DownloadResult result = downloader.download(URL, SlotId.B, "app", DIGEST);

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class,
                failed -> assertThat(failed.reason()).isEqualTo(AgentErrors.IMAGE_DIGEST_MISMATCH));
        assertThat(dataDir.resolve("slots/B")).isEmptyDirectory();
    }

    @Test
    void retriesAServerErrorAndCompletes() throws Exception {
        server.then(StubHttpServer.json(503, "{\"code\":\"server.unavailable\",\"message\":\"later\"}"))
                .then(StubHttpServer.status(200, "application/octet-stream", APP.content()));

        assertThat(downloader.download(URL, SlotId.B, "app", DIGEST)).isEqualTo(new DownloadResult.Downloaded());
        assertThat(sleeps).containsExactly(Duration.ofMillis(10));
    }

    @Test
    void givesUpAtOnceWhenTheServerDoesNotHaveTheArtifact() throws Exception {
        server.then(StubHttpServer.json(404, "{\"code\":\"artifact.not-found\",\"message\":\"gone\"}"));

        DownloadResult result = downloader.download(URL, SlotId.B, "app", DIGEST);

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class,
                failed -> assertThat(failed.reason().code()).isEqualTo("artifact.not-found"));
        assertThat(sleeps).isEmpty();
        assertThat(slots.components(SlotId.B)).isEmpty();
    }

    @Test
    void refusesARangeAnswerThatStartsSomewhereElse() throws Exception {
        keepPartial(APP.content(), 4_000);
        server.then(exchange -> {
            exchange.getResponseHeaders().set("Content-Range", "bytes 5000-9999/10000");
            StubHttpServer.status(206, "application/octet-stream", new byte[5_000]).send(exchange);
        });

        DownloadResult result = downloader.download(URL, SlotId.B, "app", DIGEST);

        assertThat(result).isInstanceOfSatisfying(DownloadResult.Failed.class,
                failed -> assertThat(failed.reason()).isEqualTo(AgentErrors.UNEXPECTED_RESPONSE));
    }

    @Test
    void verifiesAnImageCompletedByAnEarlierRunWithoutAskingAgain() throws Exception {
        keepPartial(APP.content(), APP.content().length);

        assertThat(downloader.download(URL, SlotId.B, "app", DIGEST)).isEqualTo(new DownloadResult.Downloaded());
        assertThat(server.exchanges()).isEmpty();
    }

    private void keepPartial(byte[] content, int length) throws IOException {
        try (ImageWriter writer = slots.stage(SlotId.B, "app", DIGEST)) {
            writer.write(content, 0, length);
        }
    }
}
