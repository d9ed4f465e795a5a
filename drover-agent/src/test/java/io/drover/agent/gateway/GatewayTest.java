package io.drover.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.download.DownloadThrottle;
import io.drover.agent.download.ResumingFetch;
import io.drover.agent.download.RetryPolicy;
import io.drover.agent.testing.FakeDeviceServer;
import io.drover.agent.testing.TestRelease;
import io.drover.agent.testing.TestRelease.Image;
import io.drover.agent.transport.DeviceClient;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gateway on loopback, fetching from a real HTTP device API, asked by real CoAP clients (Californium's, which
 * reassembles Block2 transfers itself).
 */
class GatewayTest {
    private static final SigningKey VENDOR = SigningKey.generate(SignatureAlgorithm.ED25519);
    private static final Image APP = Image.of("app", "1.1.0", 30_000);
    private static final Image OS = Image.of("os", "4.1", 20_000);
    private static final Image BOOT = Image.of("boot", "2.0", 10_000);
    private static final TestRelease RELEASE = TestRelease.signed(VENDOR, 1, 2, APP, OS, BOOT);
    private static final String ENVELOPE_SHA256 = HexFormat.of().formatHex(TestRelease.sha256(RELEASE.envelope()));

    @TempDir
    Path cacheDir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<CoapClient> clients = new ArrayList<>();
    private FakeDeviceServer server;
    private Gateway gateway;

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeDeviceServer();
        server.assign(1, RELEASE);
    }

    @AfterEach
    void tearDown() {
        clients.forEach(CoapClient::shutdown);
        if (gateway != null) {
            gateway.close();
        }
        server.close();
        http.close();
    }

    @Test
    void devicesAskingAtOnceCostTheServerOneFetch() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        List<CoapClient> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(device(APP));
        }

        for (CoapResponse answer : askAtOnce(devices)) {
            assertThat(answer.getCode()).isEqualTo(ResponseCode.CONTENT);
            assertThat(answer.getPayload()).isEqualTo(APP.content());
        }
        assertThat(server.requestsTo("/device/v1/artifacts/")).hasSize(1);
        assertThat(gateway.cache().fetches(BlobKind.ARTIFACT)).isEqualTo(1);
        assertThat(cacheDir.resolve(APP.sha256Hex())).hasBinaryContent(APP.content());
    }

    @Test
    void devicesAskingByPrefixesAndByTheWholeDigestAtOnceCostTheServerOneFetch() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        String sha = APP.sha256Hex();
        List<String> names = List.of(sha.substring(0, 16), sha, sha.substring(0, 40), sha.substring(0, 16), sha,
                sha.substring(0, 17), sha.substring(0, 16), sha);
        List<CoapClient> devices = names.stream().map(name -> client(URI.create(gateway.url() + "/a/" + name)))
                .toList();

        for (CoapResponse answer : askAtOnce(devices)) {
            assertThat(answer.getCode()).isEqualTo(ResponseCode.CONTENT);
            assertThat(answer.getPayload()).isEqualTo(APP.content());
        }
        assertThat(server.requestsTo("/device/v1/artifacts/")).hasSize(1);
        assertThat(gateway.cache().fetches(BlobKind.ARTIFACT)).isEqualTo(1);
        assertThat(gateway.cache().transfers(BlobKind.ARTIFACT)).isEqualTo(names.size());
        assertThat(cacheDir.resolve(sha)).hasBinaryContent(APP.content());
        assertThat(cachedFiles()).containsExactly(sha);

        // Held now: by any name, without asking the server again.
        assertThat(device(APP).get().getPayload()).isEqualTo(APP.content());
        assertThat(client(URI.create(gateway.url() + "/a/" + sha.substring(0, 20))).get().getPayload())
                .isEqualTo(APP.content());
        assertThat(server.requestsTo("/device/v1/artifacts/")).hasSize(1);
    }

    @Test
    void fetchesWhatADeviceNamesByAPrefixByThatPrefixAndKeepsItUnderItsWholeDigest() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        String artifactPrefix = OS.sha256Hex().substring(0, 16);
        String envelopePrefix = ENVELOPE_SHA256.substring(0, 16);

        assertThat(client(URI.create(gateway.url() + "/a/" + artifactPrefix)).get().getPayload())
                .isEqualTo(OS.content());
        CoapResponse envelope = client(URI.create(gateway.url() + "/e/" + envelopePrefix)).get();

        assertThat(envelope.getPayload()).isEqualTo(RELEASE.envelope());
        assertThat(envelope.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_CBOR);
        assertThat(server.requests()).extracting(FakeDeviceServer.Request::path).containsExactly(
                "/device/v1/artifacts/" + artifactPrefix, "/device/v1/envelopes/" + envelopePrefix);
        assertThat(cacheDir.resolve(OS.sha256Hex())).hasBinaryContent(OS.content());
        assertThat(cacheDir.resolve("envelopes/" + ENVELOPE_SHA256)).hasBinaryContent(RELEASE.envelope());
        assertThat(envelopeClient().get().getPayload()).isEqualTo(RELEASE.envelope());
        assertThat(gateway.cache().fetches(BlobKind.ENVELOPE)).isEqualTo(1);
    }

    @Test
    void answersNotFoundForAPrefixTheServerKnowsNoneOrSeveralOfAndCachesNothing() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        String prefix = APP.sha256Hex().substring(0, 16);
        // A second artifact whose digest starts like APP's, as the fake server may hold and the Drover server never.
        server.replaceArtifact(prefix + "0".repeat(48), BOOT.content());

        CoapResponse ambiguous = client(URI.create(gateway.url() + "/a/" + prefix)).get();
        CoapResponse unknown = client(URI.create(gateway.url() + "/a/" + "0".repeat(16))).get();
        CoapResponse unknownEnvelope = client(URI.create(gateway.url() + "/e/" + "1".repeat(20))).get();

        for (CoapResponse answer : List.of(ambiguous, unknown, unknownEnvelope)) {
            assertThat(answer.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
            assertThat(answer.getResponseText()).startsWith("device.not-found: GET /device/v1/");
        }
        assertThat(cachedFiles()).isEmpty();
        assertThat(cacheDir.resolve("envelopes")).isEmptyDirectory();
        // Still served by a longer name that only APP's digest starts with.
        assertThat(client(URI.create(gateway.url() + "/a/" + APP.sha256Hex().substring(0, 20))).get().getPayload())
                .isEqualTo(APP.content());
    }

    @Test
    void answersNotFoundWithADiagnosticForANameThatIsNoDigestOrPrefixWithoutAskingTheServer() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        String sha = APP.sha256Hex();

        for (String path : List.of("/a/" + sha.substring(0, 15), "/a/" + sha.toUpperCase(), "/a/" + sha + "0",
                "/e/7", "/a/" + sha + "/more")) {
            CoapResponse answer = client(URI.create(gateway.url() + path)).get();
            assertThat(answer.getCode()).as(path).isEqualTo(ResponseCode.NOT_FOUND);
            assertThat(answer.getResponseText()).as(path).startsWith("request.not-found: " + path + " names no ");
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void refusesBytesTheServerSendsForAPrefixWhoseDigestDoesNotStartWithIt() throws Exception {
        server.digestEtags(sha256 -> null); // as over CoAP: only the bytes tell their digest
        server.replaceArtifact(APP.sha256Hex(), OS.content());
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));

        CoapResponse answer = client(URI.create(gateway.url() + "/a/" + APP.sha256Hex().substring(0, 16))).get();

        assertThat(answer.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(answer.getResponseText()).startsWith("agent.image-digest-mismatch: ");
        assertThat(cachedFiles()).isEmpty();
        assertThat(gateway.cache().bytes()).isZero();
    }

    @Test
    void refusesAnAnswerThatStatesADigestOtherThanThePrefixAskedForBeforeStoringAByte() throws Exception {
        String other = OS.sha256Hex();
        server.digestEtags(sha256 -> other);
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));

        CoapResponse answer = client(URI.create(gateway.url() + "/a/" + APP.sha256Hex().substring(0, 16))).get();

        assertThat(answer.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(answer.getResponseText()).startsWith("agent.image-digest-mismatch: ").contains(other);
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void refusesBytesWhoseDigestIsNotTheOneTheServerStates() throws Exception {
        // Stated: a digest that starts with the prefix asked, but is not the one the bytes have.
        server.digestEtags(sha256 -> sha256.substring(0, 16) + "0".repeat(48));
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));

        CoapResponse answer = client(URI.create(gateway.url() + "/a/" + APP.sha256Hex().substring(0, 16))).get();

        assertThat(answer.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(answer.getResponseText()).startsWith("agent.image-digest-mismatch: ");
        assertThat(cachedFiles()).isEmpty();
    }

    @Test
    void servesAnEnvelopeByItsDigestToManyDevicesForOneFetch() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        List<CoapClient> devices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            devices.add(envelopeClient());
        }

        for (CoapResponse answer : askAtOnce(devices)) {
            assertThat(answer.getPayload()).isEqualTo(RELEASE.envelope());
            assertThat(answer.getOptions().getContentFormat()).isEqualTo(MediaTypeRegistry.APPLICATION_CBOR);
        }
        assertThat(server.requestsTo("/device/v1/envelopes/")).extracting(FakeDeviceServer.Request::path)
                .containsExactly("/device/v1/envelopes/" + ENVELOPE_SHA256);
        assertThat(server.requestsTo("/device/v1/releases/")).isEmpty();
        assertThat(gateway.cache().fetches(BlobKind.ENVELOPE)).isEqualTo(1);
        assertThat(gateway.cache().transfers(BlobKind.ENVELOPE)).isEqualTo(8);
        assertThat(gateway.cache().fetches(BlobKind.ARTIFACT)).isZero();
        assertThat(cacheDir.resolve("envelopes/" + ENVELOPE_SHA256)).hasBinaryContent(RELEASE.envelope());
    }

    @Test
    void fetchesAgainAnEnvelopeWhoseCachedFileWasTamperedWith() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        assertThat(envelopeClient().get().getPayload()).isEqualTo(RELEASE.envelope());
        byte[] tampered = RELEASE.envelope().clone();
        tampered[tampered.length - 10] ^= 0x01;
        Files.write(cacheDir.resolve("envelopes/" + ENVELOPE_SHA256), tampered);

        assertThat(envelopeClient().get().getPayload()).isEqualTo(RELEASE.envelope());

        assertThat(server.requestsTo("/device/v1/envelopes/")).hasSize(2);
        assertThat(cacheDir.resolve("envelopes/" + ENVELOPE_SHA256)).hasBinaryContent(RELEASE.envelope());
    }

    @Test
    void answersNotFoundForAnEnvelopeTheServerDoesNotHave() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        String unknown = HexFormat.of().formatHex(TestRelease.sha256("nothing".getBytes(StandardCharsets.UTF_8)));

        CoapResponse answer = client(URI.create(gateway.url() + "/e/" + unknown)).get();

        assertThat(answer.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(cacheDir.resolve("envelopes/" + unknown)).doesNotExist();
        assertThat(client(URI.create(gateway.url() + "/e/1")).get().getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void evictsEnvelopesAndArtifactsAlikeBeyondItsOneLimit() throws Exception {
        gateway = start(OS.content().length + BOOT.content().length, Duration.ofSeconds(20));
        envelopeClient().get();
        device(OS).get();

        assertThat(device(BOOT).get().getPayload()).isEqualTo(BOOT.content());

        assertThat(cacheDir.resolve("envelopes/" + ENVELOPE_SHA256)).doesNotExist();
        assertThat(cacheDir.resolve(OS.sha256Hex())).exists();
        assertThat(gateway.cache().bytes()).isEqualTo(OS.content().length + BOOT.content().length);
    }

    @Test
    void fetchesAgainAnArtifactWhoseCachedFileWasTamperedWith() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        assertThat(device(APP).get().getPayload()).isEqualTo(APP.content());
        byte[] tampered = APP.content().clone();
        tampered[12_345] ^= 0x01;
        Files.write(cacheDir.resolve(APP.sha256Hex()), tampered);

        CoapResponse again = device(APP).get();

        assertThat(again.getPayload()).isEqualTo(APP.content());
        assertThat(server.requestsTo("/device/v1/artifacts/")).hasSize(2);
        assertThat(cacheDir.resolve(APP.sha256Hex())).hasBinaryContent(APP.content());
    }

    @Test
    void neverServesAFileKeptFromBeforeThatDoesNotHaveItsName() throws Exception {
        Files.write(cacheDir.resolve(APP.sha256Hex()), OS.content());
        Files.write(cacheDir.resolve(OS.sha256Hex()), OS.content());
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));

        assertThat(device(APP).get().getPayload()).isEqualTo(APP.content());
        assertThat(device(OS).get().getPayload()).isEqualTo(OS.content());

        // Only the impostor was fetched; the file that had its name's digest was served as kept.
        assertThat(server.requestsTo("/device/v1/artifacts/")).extracting(FakeDeviceServer.Request::path)
                .containsExactly("/device/v1/artifacts/" + APP.sha256Hex());
    }

    @Test
    void resumesItsOwnFetchAfterTheServerConnectionBreaks() throws Exception {
        server.dropArtifactResponses(12_000);
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));

        assertThat(device(APP).get().getPayload()).isEqualTo(APP.content());
        assertThat(server.requestsTo("/device/v1/artifacts/")).extracting(FakeDeviceServer.Request::range)
                .hasSize(2).first().isNull();
        assertThat(server.requestsTo("/device/v1/artifacts/").get(1).range()).startsWith("bytes=");
    }

    @Test
    void answersNotFoundForAnArtifactTheServerDoesNotHave() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        String unknown = HexFormat.of().formatHex(TestRelease.sha256("nothing".getBytes(StandardCharsets.UTF_8)));

        CoapResponse answer = client(URI.create(gateway.url() + "/a/" + unknown)).get();

        assertThat(answer.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(answer.getResponseText()).startsWith("device.not-found:");
        assertThat(cacheDir.resolve(unknown)).doesNotExist();
    }

    @Test
    void answersNotFoundForAPathThatNamesNoArtifact() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));

        assertThat(client(URI.create(gateway.url() + "/a/not-a-digest")).get().getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(client(URI.create(gateway.url() + "/c")).get().getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(server.requestsTo("/device/v1/artifacts/")).isEmpty();
    }

    @Test
    void answersBadOptionForABlockPastTheEnd() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        CoapClient device = device(BOOT);
        Request request = Request.newGet();
        request.getOptions().setBlock2(4, false, 100); // 256-byte blocks: block 100 starts at 25,600 > 10,000

        CoapResponse answer = device.advanced(request);

        assertThat(answer.getCode()).isEqualTo(ResponseCode.BAD_OPTION);
        assertThat(answer.getResponseText()).startsWith("artifact.range-not-satisfiable:");
    }

    @Test
    void servesAnyBlockInTheSizeTheDeviceAsks() throws Exception {
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofSeconds(20));
        Request request = Request.newGet();
        request.getOptions().setBlock2(2, false, 7).setSize2(0); // 64-byte blocks: bytes 448 to 511

        CoapResponse answer = device(BOOT).advanced(request);

        assertThat(answer.getPayload()).isEqualTo(java.util.Arrays.copyOfRange(BOOT.content(), 448, 512));
        assertThat(answer.getOptions().getBlock2().isM()).isTrue();
        assertThat(answer.getOptions().getSize2()).isEqualTo(BOOT.content().length);
    }

    @Test
    void evictsTheLeastRecentlyServedArtifactsBeyondItsLimit() throws Exception {
        gateway = start(APP.content().length + OS.content().length, Duration.ofSeconds(20));
        device(APP).get();
        device(OS).get();
        device(APP).get();

        assertThat(device(BOOT).get().getPayload()).isEqualTo(BOOT.content());

        assertThat(cacheDir.resolve(APP.sha256Hex())).exists();
        assertThat(cacheDir.resolve(BOOT.sha256Hex())).exists();
        assertThat(cacheDir.resolve(OS.sha256Hex())).doesNotExist();
        assertThat(gateway.cache().bytes()).isEqualTo(APP.content().length + BOOT.content().length);
    }

    @Test
    void tellsADeviceToComeBackWhileAFetchOutlastsItsWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.dropArtifactResponses(1_000);
        server.beforeDrop(offset -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        gateway = start(GatewaySettings.DEFAULT_MAX_CACHE_BYTES, Duration.ofMillis(200));

        CoapResponse busy = device(APP).get();
        release.countDown();

        assertThat(busy.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(busy.getOptions().getMaxAge()).isPositive();
        assertThat(busy.getResponseText()).startsWith("gateway.fetching:");
        assertThat(device(APP).get().getPayload()).isEqualTo(APP.content());
        assertThat(gateway.cache().fetches(BlobKind.ARTIFACT)).isEqualTo(1);
    }

    private Gateway start(long maxCacheBytes, Duration fetchWait) throws Exception {
        DeviceClient upstream = new DeviceClient(http, server.baseUrl(), FakeDeviceServer.TOKEN, Duration.ofSeconds(5));
        ResumingFetch fetch = new ResumingFetch(upstream,
                new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40)), Thread::sleep,
                DownloadThrottle.unlimited(), step -> { });
        return Gateway.start(new GatewaySettings(new InetSocketAddress("127.0.0.1", 0), cacheDir, maxCacheBytes,
                fetchWait), fetch);
    }

    /** The files at the top of the cache folder (artifacts and partial fetches), by name. */
    private List<String> cachedFiles() throws Exception {
        try (var files = Files.list(cacheDir)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()).toList();
        }
    }

    /** Each device sends its GET at the same moment, on a thread of its own; their answers, in order. */
    private static List<CoapResponse> askAtOnce(List<CoapClient> devices) throws Exception {
        List<Future<CoapResponse>> answers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(devices.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (CoapClient device : devices) {
                answers.add(threads.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return device.get();
                }));
            }
        }
        List<CoapResponse> responses = new ArrayList<>();
        for (Future<CoapResponse> answer : answers) {
            responses.add(answer.get());
        }
        return responses;
    }

    private CoapClient envelopeClient() {
        return client(URI.create(gateway.url() + "/e/" + ENVELOPE_SHA256));
    }

    private CoapClient device(Image artifact) {
        return client(URI.create(gateway.url() + "/a/" + artifact.sha256Hex()));
    }

    /** A client of its own, reassembling block-wise bodies of up to 1 MiB. */
    private CoapClient client(URI uri) {
        Configuration config = new Configuration();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
        CoapClient client = new CoapClient(uri);
        client.setEndpoint(CoapEndpoint.builder().setConfiguration(config).build());
        client.setTimeout(10_000L);
        clients.add(client);
        return client;
    }
}
