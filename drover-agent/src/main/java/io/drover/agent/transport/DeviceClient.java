package io.drover.agent.transport;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.drover.agent.AgentErrors;
import io.drover.agent.internal.Json;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;
import io.drover.error.HttpStatuses;
import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's side of Drover's native device API ({@code /device/v1}) over {@link HttpClient}. Any non-2xx answer
 * (but 304) becomes a {@link DroverException} carrying the server's error code, with a category derived from the
 * HTTP status; a broken connection stays an {@link IOException}. The {@link HttpClient} is the caller's to close.
 */
public final class DeviceClient implements DeviceApi {
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    /** The Drover server's ETag of an artifact or envelope: its whole SHA-256, quoted. */
    private static final Pattern DIGEST_ETAG = Pattern.compile("\"([0-9a-f]{64})\"");

    /** The header of the server's idle ticket, in a check-in's answer and in the next check-in. */
    static final String TICKET = "Drover-Ticket";

    /** An idle ticket and the ETag of the answer it came with: it is sent only with that ETag. */
    private record HeldTicket(String etag, String ticket) {}

    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;
    private final Duration requestTimeout;
    /**
     * The server's idle ticket, which lets it answer "still nothing to do" from memory. Kept in memory only (after a
     * restart the first check-in is a full one), and dropped whenever this device tells the server something of its
     * own (a report, its attributes), since the ticket vouches for an answer given before.
     */
    private volatile HeldTicket ticket;

    /**
     * @param requestTimeout how long to wait for response headers; a body may take longer
     */
    public DeviceClient(HttpClient http, URI serverUrl, String deviceToken, Duration requestTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.baseUrl = Objects.requireNonNull(serverUrl, "serverUrl").toString().replaceAll("/+$", "");
        this.authorization = "Bearer " + Objects.requireNonNull(deviceToken, "deviceToken");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * {@code GET /device/v1/checkin}, conditional on {@code etag} when there is one, with the idle ticket that came
     * with that ETag when there is one. A failed check-in drops the ticket: the next one is a full one.
     */
    @Override
    public CheckIn checkIn(String etag) throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/device/v1/checkin").GET().header("Accept", "application/json");
        HeldTicket held = ticket;
        HeldTicket sent = held != null && etag != null && held.etag().equals(etag) ? held : null;
        ticket = null;
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (sent != null) {
            request.header(TICKET, sent.ticket());
        }
        HttpResponse<InputStream> response = send(request.build());
        Optional<String> issued = response.headers().firstValue(TICKET);
        if (response.statusCode() == 304) {
            response.body().close();
            // A renewed ticket replaces the one sent; without one, the one sent still holds.
            ticket = issued.map(t -> new HeldTicket(etag, t)).orElse(sent);
            return new CheckIn.NotModified();
        }
        CheckInBody body = readJson(response, CheckInBody.class);
        String answered = response.headers().firstValue("ETag").orElse(null);
        ticket = answered == null ? null : issued.map(t -> new HeldTicket(answered, t)).orElse(null);
        return new CheckIn.Current(
                answered,
                body.deviceId(),
                Optional.ofNullable(body.assignment()),
                Optional.ofNullable(body.rollback()));
    }

    /**
     * The signed SUIT envelope at {@code url}, cut after {@code maxBytes + 1} bytes: one byte more than
     * {@code maxBytes} means the envelope is larger, and the caller refuses it (still able to name what it got).
     */
    @Override
    public byte[] envelope(String url, int maxBytes) throws IOException, InterruptedException {
        HttpResponse<InputStream> response =
                send(request(url).GET().header("Accept", "application/cbor").build());
        try (InputStream body = response.body()) {
            return body.readNBytes(maxBytes + 1);
        }
    }

    /**
     * {@code PUT /device/v1/identity}: puts this device's public key on record (the server keeps the first key it
     * sees for a device) and answers the device's id. Another key on record fails with the server's
     * {@code device.identity-conflict}.
     */
    @Override
    public String registerIdentity(VerificationKey key) throws IOException, InterruptedException {
        HttpRequest request = request("/device/v1/identity")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(
                        Json.writer().writeValueAsBytes(new IdentityBody(key.toPem()))))
                .build();
        String deviceId = readJson(send(request), RegistrationBody.class).deviceId();
        if (deviceId == null || deviceId.isBlank()) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE, "/device/v1/identity answered no deviceId");
        }
        return deviceId;
    }

    /**
     * Starts receiving the artifact at {@code url} from byte {@code offset} (a {@code Range} request when it is not
     * 0). The caller reads and closes the body; the server may answer with the whole artifact instead.
     */
    @Override
    public ArtifactBody openArtifact(String url, long offset) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(url).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = send(request.build());
        if (response.statusCode() == 206) {
            String contentRange = response.headers().firstValue("Content-Range").orElse("");
            Matcher range = CONTENT_RANGE.matcher(contentRange);
            if (!range.matches()) {
                response.body().close();
                throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE,
                        "206 from " + url + " with an unusable Content-Range: '" + contentRange + "'");
            }
            long total = range.group(3).equals("*") ? -1 : Long.parseLong(range.group(3));
            return new ArtifactBody(Long.parseLong(range.group(1)), total, statedDigest(response), response.body());
        }
        return new ArtifactBody(0, response.headers().firstValueAsLong("Content-Length").orElse(-1),
                statedDigest(response), response.body());
    }

    private static Optional<String> statedDigest(HttpResponse<?> response) {
        return response.headers().firstValue("ETag").map(DIGEST_ETAG::matcher).filter(Matcher::matches)
                .map(etag -> etag.group(1));
    }

    /** {@code POST /device/v1/reports}. */
    @Override
    public void report(Report report) throws IOException, InterruptedException {
        ticket = null;
        HttpRequest request = request("/device/v1/reports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writer().writeValueAsBytes(report)))
                .build();
        send(request).body().close();
    }

    /**
     * {@code PUT /device/v1/attributes}: replaces what rollouts can target this device by (its region, its line,
     * whether it is in the depot …).
     */
    @Override
    public void putAttributes(Map<String, String> attributes) throws IOException, InterruptedException {
        ticket = null;
        HttpRequest request = request("/device/v1/attributes")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.writer().writeValueAsBytes(attributes)))
                .build();
        send(request).body().close();
    }

    /**
     * {@code POST /device/v1/health}: how the device runs now, for the health gates of the rollout it installed.
     *
     * @param trouble what is wrong, null when healthy
     */
    @Override
    public void reportHealth(boolean healthy, String trouble) throws IOException, InterruptedException {
        HttpRequest request = request("/device/v1/health")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        Json.writer().writeValueAsBytes(new HealthBody(healthy, trouble))))
                .build();
        send(request).body().close();
    }

    /**
     * {@code GET /device/v1/ledger/head}: the ledger's latest signed head, with the proof that it extends the head of
     * {@code since} entries when {@code since} is positive and smaller. Nothing in the answer is checked here.
     */
    @Override
    public LedgerHead ledgerHead(long since) throws IOException, InterruptedException {
        String query = since > 0 ? "?since=" + since : "";
        HttpResponse<InputStream> response =
                send(request("/device/v1/ledger/head" + query).GET().header("Accept", "application/json").build());
        LedgerHeadBody body = readJson(response, LedgerHeadBody.class);
        if (body.head() == null) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE, "/device/v1/ledger/head answered no head");
        }
        return new LedgerHead(body.head(), Optional.ofNullable(body.consistency()));
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(resolve(url))
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("User-Agent", "drover-agent");
    }

    /**
     * Server URLs are paths below the base URL. Absolute URLs are refused: following one would send the device
     * token to whatever host the answer names.
     */
    private URI resolve(String url) {
        if (!url.startsWith("/") || url.startsWith("//")) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE,
                    "the server sent a URL that is not a path below its base URL: " + url);
        }
        try {
            return URI.create(baseUrl + url);
        } catch (IllegalArgumentException e) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE, "the server sent an invalid URL: " + url, e);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        if ((status >= 200 && status < 300) || status == 304) {
            return response;
        }
        throw failure(request, response);
    }

    private static DroverException failure(HttpRequest request, HttpResponse<InputStream> response)
            throws IOException {
        int status = response.statusCode();
        byte[] body;
        try (InputStream stream = response.body()) {
            body = stream.readNBytes(MAX_ERROR_BODY);
        }
        Category category = HttpStatuses.categoryOf(status);
        String where = request.method() + " " + request.uri().getPath() + " answered " + status;
        try {
            ErrorBody error = Json.reader(ErrorBody.class).readValue(body);
            if (error.code() != null) {
                return new DroverException(new ErrorCode(error.code(), category), where + ": " + error.message());
            }
        } catch (IOException | IllegalArgumentException e) {
            // Not Drover's error JSON (e.g. a proxy's HTML page): fall through to a generic code.
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
        return new DroverException(new ErrorCode(AgentErrors.UNEXPECTED_RESPONSE.code(), category),
                where + ": " + text);
    }


    private static <T> T readJson(HttpResponse<InputStream> response, Class<T> type) throws IOException {
        try (InputStream body = response.body()) {
            return Json.reader(type).readValue(body);
        } catch (JsonProcessingException e) {
            throw new DroverException(AgentErrors.UNEXPECTED_RESPONSE,
                    response.request().uri().getPath() + " answered JSON the agent cannot use: "
                            + e.getOriginalMessage(), e);
        }
    }

    private record CheckInBody(String deviceId, Assignment assignment, RollbackOrder rollback) {}

    private record LedgerHeadBody(PublishedTreeHead head, PublishedProof consistency) {}

    private record IdentityBody(String publicKeyPem) {}

    private record HealthBody(boolean healthy, String trouble) {}

    private record RegistrationBody(String deviceId) {}

    private record ErrorBody(String code, String message) {}
}
