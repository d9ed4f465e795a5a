package io.drover.agent.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.agent.AgentErrors;
import io.drover.agent.download.DownloadResult;
import io.drover.agent.download.DownloadThrottle;
import io.drover.agent.download.ResumingFetch;
import io.drover.agent.download.RetryPolicy;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.PartialFile;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.agent.transport.ArtifactBody;
import io.drover.agent.transport.DigestResource;
import io.drover.error.DroverException;
import io.drover.suit.ArtifactAddress;
import io.drover.suit.SecretKeyAccess;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's CoAP downloads (artifacts, envelopes by digest) from a real Californium "gateway" on loopback. */
class CoapDeviceClientTest {
    private static final Image APP = Image.of("app", "1.1.0", 10_000);
    private static final String URL = "/a/" + APP.sha256Hex();
    private static final SigningKey IDENTITY = SigningKey.generate(SignatureAlgorithm.ED25519);

    @TempDir
    Path dir;

    private BlockServer server;
    private CoapDeviceClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readsFromTheBlockThatHoldsTheOffsetOnward() throws Exception {
        start(1024, 256);

        try (ArtifactBody body = client.openArtifact(URL, 1000)) {
            assertThat(body.start()).isEqualTo(1000);
            assertThat(body.total()).isEqualTo(APP.content().length);
            assertThat(body.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(APP.content(), 1000, 10_000));
        }
        // 1000 lies in block 3 of 256 bytes; then every block after it, once.
        assertThat(server.asked()).first().isEqualTo(3);
        assertThat(server.asked()).containsExactlyElementsOf(IntStream.rangeClosed(3, 39).boxed().toList());
    }

    @Test
    void followsAServerThatAnswersWithSmallerBlocks() throws Exception {
        start(64, 1024);

        try (ArtifactBody body = client.openArtifact(URL, 5000)) {
            assertThat(body.start()).isEqualTo(5000);
            assertThat(body.stream().readAllBytes()).isEqualTo(Arrays.copyOfRange(APP.content(), 5000, 10_000));
        }
        // Asked for the 1024-byte block 4 (bytes 4096…), answered with 64-byte blocks from block 64 (byte 4096).
        assertThat(server.asked()).first().isEqualTo(64);
    }

    @Test
    void aDownloadResumesAtTheBlockOfItsFirstMissingByte() throws Exception {
        start(1024, 512);
        Path partial = dir.resolve("app.part");
        Files.write(partial, Arrays.copyOf(APP.content(), 3000));

        DownloadResult result;
        try (PartialFile writer = PartialFile.open(partial, dir.resolve("app.img"))) {
            result = fetch().fetch(URL, writer, new ImageDigest(APP.sha256Hex(), APP.content().length), "app");
            writer.commit();
        }

        assertThat(result).isEqualTo(new DownloadResult.Downloaded());
        assertThat(dir.resolve("app.img")).hasBinaryContent(APP.content());
        assertThat(server.asked()).first().isEqualTo(3000 / 512);
    }

    @Test
    void aBlockTheServerFailsIsAskedAgainAndTheDownloadCarriesOn() throws Exception {
        start(1024, 256);
        server.failOnce(20);

        DownloadResult result;
        try (PartialFile writer = PartialFile.open(dir.resolve("app.part"), dir.resolve("app.img"))) {
            result = fetch().fetch(URL, writer, new ImageDigest(APP.sha256Hex(), APP.content().length), "app");
            writer.commit();
        }

        assertThat(result).isEqualTo(new DownloadResult.Downloaded());
        assertThat(dir.resolve("app.img")).hasBinaryContent(APP.content());
        // Block 20 twice (failed, then resumed there); no block before it again.
        assertThat(server.asked()).filteredOn(n -> n == 20).hasSize(2);
        assertThat(server.asked()).filteredOn(n -> n == 19).hasSize(1);
    }

    @Test
    void fetchesAnEnvelopeNamedByItsDigestFromTheGateway() throws Exception {
        start(1024, 256);
        String url = "/e/" + APP.sha256Hex();
        String byPrefix = "/e/" + APP.sha256Hex().substring(0, 16);

        assertThat(client.envelope(url, 20_000)).isEqualTo(APP.content());
        assertThat(client.envelope(url, 4_000)).hasSize(4_001);
        assertThat(client.envelope(byPrefix, 20_000)).isEqualTo(APP.content());
        assertThat(server.paths()).containsOnly(url, byPrefix);
    }

    @Test
    void asksForWhatTheHttpApiNamesByDigestOrPrefixUnderItsCoapName() throws Exception {
        start(1024, 1024);
        String prefix = APP.sha256Hex().substring(0, 16);

        try (ArtifactBody envelope = client.openArtifact(DigestResource.ENVELOPE.httpPath(APP.sha256Hex()), 0);
                ArtifactBody artifact = client.openArtifact(new ArtifactAddress(APP.sha256Hex()).uri(), 0);
                ArtifactBody byPrefix = client.openArtifact(DigestResource.ARTIFACT.httpPath(prefix), 0)) {
            assertThat(envelope.stream().readAllBytes()).isEqualTo(APP.content());
            assertThat(artifact.stream().readAllBytes()).isEqualTo(APP.content());
            assertThat(byPrefix.stream().readAllBytes()).isEqualTo(APP.content());
        }
        assertThat(server.paths()).containsOnly("/e/" + APP.sha256Hex(), "/a/" + APP.sha256Hex(), "/a/" + prefix);
    }

    @Test
    void refusesAnEnvelopeUrlThatIsNeitherAReleaseNorADigest() throws Exception {
        start(1024, 1024);

        for (String url : new String[] {"/e/" + APP.sha256Hex().substring(0, 15) + "x", "/e/abc",
                "/device/v1/releases/7/envelope"}) {
            assertThatThrownBy(() -> client.envelope(url, 1024)).as(url)
                    .isInstanceOfSatisfying(DroverException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(AgentErrors.UNEXPECTED_RESPONSE));
        }
        assertThat(server.paths()).isEmpty();
    }

    @Test
    void refusesAnArtifactUrlThatNamesNoArtifact() throws Exception {
        start(1024, 1024);

        assertThatThrownBy(() -> client.openArtifact("/a/not-a-digest", 0))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(AgentErrors.UNEXPECTED_RESPONSE));
        assertThat(server.asked()).isEmpty();
    }

    private void start(int serverBlocks, int deviceBlocks) throws Exception {
        server = new BlockServer(APP.content(), serverBlocks);
        CoapSettings settings = new CoapSettings(Optional.of(PreSharedKey.create("dev-1", new byte[16],
                SecretKeyAccess.get())), Optional.empty(), deviceBlocks, Optional.of(server.url()),
                Duration.ofMillis(500));
        client = CoapDeviceClient.start(URI.create("coaps://127.0.0.1:9"), settings, IDENTITY, Duration.ofSeconds(5));
    }

    private ResumingFetch fetch() {
        return new ResumingFetch(client, new RetryPolicy(3, Duration.ZERO, Duration.ZERO), d -> { },
                DownloadThrottle.unlimited(), step -> { });
    }
}
