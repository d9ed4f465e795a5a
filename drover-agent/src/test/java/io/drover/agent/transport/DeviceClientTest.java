package io.drover.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.agent.AgentErrors;
import io.drover.agent.testing.StubHttpServer;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.VerificationKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceClientTest {
    private static final String SHA = "ab".repeat(32);
    private static final String ENVELOPE_SHA = "cd".repeat(32);
    private static final String ASSIGNMENT = """
            {"deviceId":"dev-1","assignment":{"rolloutId":12,"releaseId":7,"sequenceNumber":3,
             "envelopeUrl":"/device/v1/releases/7/envelope","envelopeSha256":"%s","futureField":true,
             "artifacts":[{"component":"app","sha256":"%s","size":1234,"url":"/device/v1/artifacts/%s"}]}}
            """.formatted(ENVELOPE_SHA, SHA, SHA);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private StubHttpServer server;
    private DeviceClient client;

    @BeforeEach
    void setUp() throws Exception {
        server = new StubHttpServer();
        client = new DeviceClient(http, server.baseUrl(), "secret-token", Duration.ofSeconds(5));
    }

    @AfterEach
    void tearDown() {
        server.close();
        http.close();
    }

    @Test
    void readsTheAssignmentAndEtagOfACheckIn() throws Exception {
        server.then(exchange -> {
            exchange.getResponseHeaders().set("ETag", "\"e-1\"");
            StubHttpServer.json(200, ASSIGNMENT).send(exchange);
        });

        CheckIn checkIn = client.checkIn(null);

        assertThat(checkIn).isEqualTo(new CheckIn.Current("\"e-1\"", "dev-1", Optional.of(new Assignment(12, 7, 3,
                "/device/v1/releases/7/envelope", ENVELOPE_SHA,
                List.of(new Artifact("app", SHA, 1234, "/device/v1/artifacts/" + SHA)), null)), Optional.empty()));
        StubHttpServer.Exchange request = server.exchanges().getFirst();
        assertThat(request.path()).isEqualTo("/device/v1/checkin");
        assertThat(request.header("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(request.header("If-None-Match")).isNull();
    }

    @Test
    void readsACheckInWithoutAssignment() throws Exception {
        server.then(StubHttpServer.json(200, "{\"deviceId\":\"dev-1\",\"assignment\":null}"));

        assertThat(client.checkIn(null)).isEqualTo(new CheckIn.Current(null, "dev-1", Optional.empty(),
                Optional.empty()));
    }

    @Test
    void readsARollbackOrder() throws Exception {
        server.then(StubHttpServer.json(200, """
                {"deviceId":"dev-1","assignment":null,"rollback":{"rolloutId":4,"releaseId":9,"sequenceNumber":5,
                 "toReleaseId":null,"toSequenceNumber":0,"reason":"rollout.halted-rollback"}}"""));

        assertThat(client.checkIn(null)).isEqualTo(new CheckIn.Current(null, "dev-1", Optional.empty(),
                Optional.of(new RollbackOrder(4, 9, 5, null, 0, "rollout.halted-rollback"))));
    }

    @Test
    void sendsTheEtagBackAndUnderstandsNotModified() throws Exception {
        server.then(StubHttpServer.status(304, null, new byte[0]));

        assertThat(client.checkIn("\"e-1\"")).isEqualTo(new CheckIn.NotModified());
        assertThat(server.exchanges().getFirst().header("If-None-Match")).isEqualTo("\"e-1\"");
    }

    @Test
    void sendsTheIdleTicketBackWithItsEtagUntilItIsRenewedOrTheDeviceReports() throws Exception {
        server.then(withTicket(StubHttpServer.json(200, "{\"deviceId\":\"dev-1\",\"assignment\":null}"), "t-1"))
                .then(StubHttpServer.status(304, null, new byte[0]))
                .then(withTicket(StubHttpServer.status(304, null, new byte[0]), "t-2"))
                .then(StubHttpServer.status(304, null, new byte[0]))
                .then(StubHttpServer.status(204, null, new byte[0]))
                .then(StubHttpServer.status(304, null, new byte[0]));

        client.checkIn(null);
        client.checkIn("\"idle\"");
        client.checkIn("\"idle\"");
        client.checkIn("\"idle\"");
        client.putAttributes(Map.of("region", "eu"));
        client.checkIn("\"idle\"");

        List<String> sent = server.exchanges().stream().map(e -> e.header(DeviceClient.TICKET)).toList();
        assertThat(sent).containsExactly(null, "t-1", "t-1", "t-2", null, null);
    }

    @Test
    void dropsTheIdleTicketAfterAFailedCheckInAndSendsItOnlyWithTheEtagItCameWith() throws Exception {
        String idle = "{\"deviceId\":\"dev-1\",\"assignment\":null}";
        server.then(withTicket(StubHttpServer.json(200, idle), "t-1"))
                .then(StubHttpServer.json(400, "{\"code\":\"device.bad-ticket\",\"message\":\"no\"}"))
                .then(withTicket(StubHttpServer.json(200, idle), "t-2"))
                .then(StubHttpServer.status(304, null, new byte[0]));

        client.checkIn(null);
        assertThatThrownBy(() -> client.checkIn("\"idle\"")).isInstanceOf(DroverException.class);
        client.checkIn("\"idle\"");
        client.checkIn("\"r1.1\"");

        List<String> sent = server.exchanges().stream().map(e -> e.header(DeviceClient.TICKET)).toList();
        assertThat(sent).containsExactly(null, "t-1", null, null);
    }

    private static StubHttpServer.Response withTicket(StubHttpServer.Response response, String ticket) {
        return exchange -> {
            exchange.getResponseHeaders().set("ETag", "\"idle\"");
            exchange.getResponseHeaders().set(DeviceClient.TICKET, ticket);
            response.send(exchange);
        };
    }

    @Test
    void turnsAServerErrorIntoADroverExceptionWithTheServersCode() {
        server.then(StubHttpServer.json(401,
                "{\"code\":\"device.unknown-credential\",\"message\":\"unknown or revoked token\"}"));

        assertThatThrownBy(() -> client.checkIn(null)).isInstanceOfSatisfying(DroverException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(new ErrorCode("device.unknown-credential", Category.UNAUTHENTICATED));
            assertThat(e.getMessage()).contains("unknown or revoked token");
        });
    }

    @Test
    void turnsAConflictIntoTheServersConflictCode() {
        server.then(StubHttpServer.json(409, "{\"code\":\"report.not-in-rollout\",\"message\":\"no\"}"));

        assertThatThrownBy(() -> client.report(Report.progress(12, 7, ReportStatus.DOWNLOADING, Map.of())))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(new ErrorCode("report.not-in-rollout", Category.CONFLICT)));
    }

    @Test
    void givesAnErrorThatIsNotDroverJsonAGenericCode() {
        server.then(StubHttpServer.status(502, "text/html",
                "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> client.checkIn(null)).isInstanceOfSatisfying(DroverException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(new ErrorCode("agent.unexpected-response", Category.INTERNAL));
            assertThat(e.getMessage()).contains("502", "bad gateway");
        });
    }

    @Test
    void refusesCheckInJsonThatBreaksTheProtocol() {
        server.then(StubHttpServer.json(200, ASSIGNMENT.replace(SHA + "\",\"size\"", "xyz\",\"size\"")));

        assertThatThrownBy(() -> client.checkIn(null)).isInstanceOfSatisfying(DroverException.class,
                e -> assertThat(e.errorCode()).isEqualTo(AgentErrors.UNEXPECTED_RESPONSE));
    }

    @Test
    void refusesAbsoluteUrlsSoTheTokenNeverLeavesTheServer() {
        assertThatThrownBy(() -> client.envelope("https://elsewhere.example/e", 1000))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(AgentErrors.UNEXPECTED_RESPONSE));
        assertThatThrownBy(() -> client.envelope("//elsewhere.example/e", 1000))
                .isInstanceOf(DroverException.class);
        assertThat(server.exchanges()).isEmpty();
    }

    @Test
    void keepsThePathOfTheServerBaseUrl() throws Exception {
        client = new DeviceClient(http, URI.create(server.baseUrl() + "/drover/"), "secret-token",
                Duration.ofSeconds(5));
        server.then(StubHttpServer.status(200, "application/cbor", new byte[] {1, 2, 3}));

        assertThat(client.envelope("/device/v1/releases/7/envelope", 1000)).containsExactly(1, 2, 3);
        assertThat(server.exchanges().getFirst().path()).isEqualTo("/drover/device/v1/releases/7/envelope");
    }

    @Test
    void cutsAnEnvelopeOneByteAfterTheLimitSoTheCallerCanRefuseIt() throws Exception {
        server.then(StubHttpServer.status(200, "application/cbor", new byte[5000]));

        assertThat(client.envelope("/device/v1/releases/7/envelope", 1000)).hasSize(1001);
    }

    @Test
    void registersTheIdentityKeyAndLearnsTheDeviceId() throws Exception {
        VerificationKey key = SigningKey.generate(SignatureAlgorithm.ED25519).verificationKey();
        server.then(StubHttpServer.json(200, "{\"deviceId\":\"dev-1\",\"keyId\":\"" + key.keyId() + "\"}"));

        assertThat(client.registerIdentity(key)).isEqualTo("dev-1");

        StubHttpServer.Exchange request = server.exchanges().getFirst();
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/device/v1/identity");
        assertThat(request.header("Authorization")).isEqualTo("Bearer secret-token");
        assertThat(new ObjectMapper().readValue(request.body(), Map.class)).isEqualTo(Map.of("publicKeyPem", key.toPem()));
    }

    @Test
    void anotherKeyOnRecordIsTheServersConflict() {
        server.then(StubHttpServer.json(409, "{\"code\":\"device.identity-conflict\",\"message\":\"other key\"}"));

        assertThatThrownBy(() -> client.registerIdentity(SigningKey.generate(SignatureAlgorithm.ES256).verificationKey()))
                .isInstanceOfSatisfying(DroverException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(new ErrorCode("device.identity-conflict", Category.CONFLICT)));
    }

    @Test
    void asksForTheRestOfAnArtifactWithARangeAndTellsWhereTheBodyStarts() throws Exception {
        server.then(exchange -> {
            exchange.getResponseHeaders().set("Content-Range", "bytes 100-109/110");
            StubHttpServer.status(206, "application/octet-stream", new byte[10]).send(exchange);
        });

        try (ArtifactBody body = client.openArtifact("/device/v1/artifacts/" + SHA, 100)) {
            assertThat(body.start()).isEqualTo(100);
            assertThat(body.total()).isEqualTo(110);
            assertThat(body.stream().readAllBytes()).hasSize(10);
        }
        assertThat(server.exchanges().getFirst().header("Range")).isEqualTo("bytes=100-");
    }

    @Test
    void reportsAWholeBodyWhenTheServerIgnoresTheRange() throws Exception {
        server.then(StubHttpServer.status(200, "application/octet-stream", new byte[110]));

        try (ArtifactBody body = client.openArtifact("/device/v1/artifacts/" + SHA, 100)) {
            assertThat(body.start()).isZero();
            assertThat(body.total()).isEqualTo(110);
        }
    }

    @Test
    void refusesAPartialAnswerWithoutAUsableContentRange() {
        server.then(StubHttpServer.status(206, "application/octet-stream", new byte[10]));

        assertThatThrownBy(() -> client.openArtifact("/device/v1/artifacts/" + SHA, 100))
                .isInstanceOfSatisfying(DroverException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(AgentErrors.UNEXPECTED_RESPONSE));
    }

    @Test
    void postsReportsInTheProtocolsJsonShape() throws Exception {
        server.then(StubHttpServer.status(204, null, new byte[0]));

        client.report(new Report(12, 7L, ReportStatus.FAILURE, "agent.wrong-class: no", Map.of("app", "1.0.0"),
                Map.of("app", SHA), "c2lnbmVk"));

        StubHttpServer.Exchange request = server.exchanges().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/device/v1/reports");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(new ObjectMapper().readValue(request.body(), new TypeReference<Map<String, Object>>() {}))
                .isEqualTo(Map.of(
                "rolloutId", 12, "releaseId", 7, "status", "FAILURE", "reason", "agent.wrong-class: no",
                "inventory", Map.of("app", "1.0.0"), "digests", Map.of("app", SHA), "signedReport", "c2lnbmVk"));
    }

    @Test
    void sendsANullReasonForProgressReports() throws Exception {
        server.then(StubHttpServer.status(204, null, new byte[0]));

        client.report(Report.progress(12, 7, ReportStatus.DOWNLOADING, Map.of()));

        Map<?, ?> json = new ObjectMapper().readValue(server.exchanges().getFirst().body(), Map.class);
        assertThat(json.containsKey("reason")).isTrue();
        assertThat(json.get("reason")).isNull();
        assertThat(json.get("status")).isEqualTo("DOWNLOADING");
    }
}
