package io.drover.agent.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 speaking the device API (/device/v1) the way the Drover server does, with
 * switches for the faults the agent must survive, and a record of every request and report.
 */
public final class FakeDeviceServer implements AutoCloseable {
    public static final String TOKEN = "token-of-dev-1";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    public record Request(String method, String path, String range, String ifNoneMatch, int status) {}

    public record ReceivedReport(long rolloutId, String status, String reason, Map<String, String> inventory) {}

    /** A health report as sent ({@code POST /device/v1/health}). */
    public record HealthReport(boolean healthy, String trouble) {}

    /** A report as sent, with its digests and signed report (base64, null when unsigned). */
    public record ReportBody(ReceivedReport report, Map<String, String> digests, String signedReport) {}

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<ReceivedReport> reports = new CopyOnWriteArrayList<>();
    private final List<ReportBody> reportBodies = new CopyOnWriteArrayList<>();
    private final List<String> registeredKeys = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> attributeReports = new CopyOnWriteArrayList<>();
    private final List<HealthReport> healthReports = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingAttributeReports = new AtomicInteger();
    private volatile String keyOnRecord;
    private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    private final Map<Long, byte[]> envelopes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> envelopesByDigest = new ConcurrentHashMap<>();
    private final Set<Long> knownRollouts = ConcurrentHashMap.newKeySet();
    private final Queue<Integer> artifactDrops = new ConcurrentLinkedQueue<>();
    private final AtomicInteger failingReports = new AtomicInteger();
    private final AtomicInteger failingCheckIns = new AtomicInteger();
    private final AtomicInteger failingLedgerHeads = new AtomicInteger();
    private volatile java.util.function.LongFunction<Map<String, Object>> ledgerHeads =
            since -> { throw new IllegalStateException("no ledger configured"); };
    private volatile LongConsumer beforeDrop = offset -> {};
    private volatile UnaryOperator<String> digestEtags = sha256 -> sha256;
    private volatile Map<String, Object> assignment;
    private volatile Map<String, Object> rollback;
    private volatile int version = 1;

    public FakeDeviceServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(executor);
        http.createContext("/device/v1/", this::handle);
        http.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** Assigns {@code release} to the device, listing exactly its artifacts. */
    public void assign(long rolloutId, TestRelease release) {
        assign(rolloutId, release, release.artifacts());
    }

    /** Assigns {@code release} with a rollout's safety conditions (its JSON object) in the assignment. */
    public synchronized void assign(long rolloutId, TestRelease release, Map<String, Object> safety) {
        assign(rolloutId, release);
        Map<String, Object> body = new LinkedHashMap<>(assignment);
        body.put("safety", safety);
        assignment = body;
        version++;
    }

    /** Assigns {@code release} but lists (and serves) {@code listed} as its artifacts. */
    public synchronized void assign(long rolloutId, TestRelease release, List<TestRelease.Image> listed) {
        envelopes.put(release.releaseId(), release.envelope());
        String envelopeSha256 = HexFormat.of().formatHex(TestRelease.sha256(release.envelope()));
        envelopesByDigest.put(envelopeSha256, release.envelope());
        List<Map<String, Object>> artifactList = new ArrayList<>();
        for (TestRelease.Image image : listed) {
            artifacts.putIfAbsent(image.sha256Hex(), image.content());
            Map<String, Object> artifact = new LinkedHashMap<>();
            artifact.put("component", image.component());
            artifact.put("sha256", image.sha256Hex());
            artifact.put("size", image.content().length);
            artifact.put("url", "/device/v1/artifacts/" + image.sha256Hex());
            artifactList.add(artifact);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rolloutId", rolloutId);
        body.put("releaseId", release.releaseId());
        body.put("sequenceNumber", release.sequenceNumber());
        body.put("envelopeUrl", "/device/v1/releases/" + release.releaseId() + "/envelope");
        body.put("envelopeSha256", envelopeSha256);
        body.put("artifacts", artifactList);
        knownRollouts.add(rolloutId);
        assignment = body;
        rollback = null;
        version++;
    }

    /**
     * Orders the device to leave release {@code releaseId} (sequence {@code sequence}) of rollout {@code rolloutId}
     * for release {@code toReleaseId} (sequence {@code toSequence}), as after a health halt; no assignment.
     */
    public synchronized void orderRollback(long rolloutId, long releaseId, long sequence, Long toReleaseId,
            long toSequence) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rolloutId", rolloutId);
        body.put("releaseId", releaseId);
        body.put("sequenceNumber", sequence);
        body.put("toReleaseId", toReleaseId);
        body.put("toSequenceNumber", toSequence);
        body.put("reason", "rollout.halted-rollback");
        knownRollouts.add(rolloutId);
        assignment = null;
        rollback = body;
        version++;
    }

    /**
     * Serves {@code content} in place of the artifact named {@code sha256Hex} (a corrupt blob store), or, under a
     * name it does not hash to, as another artifact.
     */
    public void replaceArtifact(String sha256Hex, byte[] content) {
        artifacts.put(sha256Hex, content);
    }

    /**
     * The next artifact responses announce their full length but the connection breaks: the first after
     * {@code afterBytes[0]} body bytes, the second after {@code afterBytes[1]}, and so on.
     */
    public void dropArtifactResponses(int... afterBytes) {
        for (int bytes : afterBytes) {
            artifactDrops.add(bytes);
        }
    }

    /**
     * Called before a connection is dropped with the artifact offset the body reached. A test uses it to wait until
     * the agent has stored those bytes; otherwise how many of them it read before seeing the break is up to timing.
     */
    public void beforeDrop(LongConsumer awaitClientCaughtUp) {
        beforeDrop = awaitClientCaughtUp;
    }

    /**
     * What artifact and envelope answers state as their digest (the ETag, quoted), from the digest of what they
     * name; null for no ETag (as over CoAP). By default the digest itself, as the Drover server does.
     */
    public void digestEtags(UnaryOperator<String> etag) {
        digestEtags = etag;
    }

    /** The next {@code times} reports are answered 503. */
    public void failReports(int times) {
        failingReports.set(times);
    }

    /** The next {@code times} attribute reports are answered 503. */
    public void failAttributeReports(int times) {
        failingAttributeReports.set(times);
    }

    /** Every attribute set the device sent, in order, whether or not it was accepted. */
    public List<Map<String, String>> attributeReports() {
        return List.copyOf(attributeReports);
    }

    /** Every health report the device sent, in order. */
    public List<HealthReport> healthReports() {
        return List.copyOf(healthReports);
    }

    /** The next {@code times} check-ins are answered 503. */
    public void failCheckIns(int times) {
        failingCheckIns.set(times);
    }

    /**
     * Answers {@code GET /device/v1/ledger/head?since=N} with what {@code answer} makes of N (0 without {@code since}):
     * a map with {@code head} and {@code consistency}, as the Drover server writes them.
     */
    public void ledgerHeads(java.util.function.LongFunction<Map<String, Object>> answer) {
        ledgerHeads = answer;
    }

    /** The next {@code times} ledger head requests are answered 503. */
    public void failLedgerHeads(int times) {
        failingLedgerHeads.set(times);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requestsTo(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    public List<ReceivedReport> reports() {
        return List.copyOf(reports);
    }

    public List<ReportBody> reportBodies() {
        return List.copyOf(reportBodies);
    }

    /** Every public key (PEM) the device registered, in order, whether or not it was accepted. */
    public List<String> registeredKeys() {
        return List.copyOf(registeredKeys);
    }

    /** Puts {@code pem} on record as the device's identity key, as an operator provisioning the device would. */
    public void keyOnRecord(String pem) {
        keyOnRecord = pem;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        route(exchange, exchange.getRequestURI().getPath());
    }

    /** Recorded before the response goes out, so a test that got the response also sees the request. */
    private void record(HttpExchange exchange, int status) {
        Headers headers = exchange.getRequestHeaders();
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                headers.getFirst("Range"), headers.getFirst("If-None-Match"), status));
    }

    private int route(HttpExchange exchange, String path) throws IOException {
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return error(exchange, 401, "device.unknown-credential", "unknown or revoked device token");
        }
        if (path.equals("/device/v1/checkin")) {
            return checkIn(exchange);
        }
        if (path.equals("/device/v1/ledger/head")) {
            if (failingLedgerHeads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return error(exchange, 503, "server.unavailable", "try later");
            }
            String query = exchange.getRequestURI().getQuery();
            long since = query == null ? 0 : Long.parseLong(query.substring("since=".length()));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            return send(exchange, 200, json.writeValueAsBytes(ledgerHeads.apply(since)));
        }
        if (path.equals("/device/v1/reports") && exchange.getRequestMethod().equals("POST")) {
            return report(exchange);
        }
        if (path.equals("/device/v1/identity") && exchange.getRequestMethod().equals("PUT")) {
            return registerIdentity(exchange);
        }
        if (path.equals("/device/v1/attributes") && exchange.getRequestMethod().equals("PUT")) {
            @SuppressWarnings("unchecked")
            Map<String, String> attributes = json.readValue(exchange.getRequestBody(), Map.class);
            attributeReports.add(attributes);
            if (failingAttributeReports.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return error(exchange, 503, "server.unavailable", "try later");
            }
            return noContent(exchange);
        }
        if (path.equals("/device/v1/health") && exchange.getRequestMethod().equals("POST")) {
            Map<?, ?> body = json.readValue(exchange.getRequestBody(), Map.class);
            healthReports.add(new HealthReport((Boolean) body.get("healthy"), (String) body.get("trouble")));
            return noContent(exchange);
        }
        Matcher envelope = Pattern.compile("/device/v1/releases/(\\d+)/envelope").matcher(path);
        if (envelope.matches() && envelopes.containsKey(Long.parseLong(envelope.group(1)))) {
            exchange.getResponseHeaders().set("Content-Type", "application/cbor");
            return send(exchange, 200, envelopes.get(Long.parseLong(envelope.group(1))));
        }
        if (path.startsWith("/device/v1/envelopes/")) {
            String sha256 = named(envelopesByDigest, path.substring("/device/v1/envelopes/".length()));
            if (sha256 != null) {
                stateDigest(exchange, sha256);
                exchange.getResponseHeaders().set("Content-Type", "application/cbor");
                return send(exchange, 200, envelopesByDigest.get(sha256));
            }
        }
        if (path.startsWith("/device/v1/artifacts/")) {
            String sha256 = named(artifacts, path.substring("/device/v1/artifacts/".length()));
            if (sha256 != null) {
                stateDigest(exchange, sha256);
                return artifact(exchange, artifacts.get(sha256));
            }
        }
        return error(exchange, 404, "device.not-found", "no such resource: " + path);
    }

    /** The one key {@code name} is or starts (at least 16 hex digits), as the Drover server resolves names. */
    private static String named(Map<String, byte[]> byDigest, String name) {
        if (!name.matches("[0-9a-f]{16,64}")) {
            return null;
        }
        List<String> matching = byDigest.keySet().stream().filter(key -> key.startsWith(name)).limit(2).toList();
        return matching.size() == 1 ? matching.getFirst() : null;
    }

    private void stateDigest(HttpExchange exchange, String sha256) {
        String stated = digestEtags.apply(sha256);
        if (stated != null) {
            exchange.getResponseHeaders().set("ETag", "\"" + stated + "\"");
        }
    }

    private int checkIn(HttpExchange exchange) throws IOException {
        if (failingCheckIns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error(exchange, 503, "server.unavailable", "try later");
        }
        String etag = "\"v" + version + "\"";
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            record(exchange, 304);
            exchange.sendResponseHeaders(304, -1);
            exchange.close();
            return 304;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceId", "dev-1");
        body.put("assignment", assignment);
        body.put("rollback", rollback);
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        return send(exchange, 200, json.writeValueAsBytes(body));
    }

    /** Keeps the first key, like the Drover server. */
    private synchronized int registerIdentity(HttpExchange exchange) throws IOException {
        String pem = (String) json.readValue(exchange.getRequestBody(), Map.class).get("publicKeyPem");
        registeredKeys.add(pem);
        if (keyOnRecord == null) {
            keyOnRecord = pem;
        }
        if (!keyOnRecord.equals(pem)) {
            return error(exchange, 409, "device.identity-conflict", "another identity key is on record");
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        return send(exchange, 200, json.writeValueAsBytes(Map.of("deviceId", "dev-1")));
    }

    private int report(HttpExchange exchange) throws IOException {
        Map<?, ?> body = json.readValue(exchange.getRequestBody(), Map.class);
        if (failingReports.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error(exchange, 503, "server.unavailable", "try later");
        }
        long rolloutId = ((Number) body.get("rolloutId")).longValue();
        if (!knownRollouts.contains(rolloutId)) {
            return error(exchange, 409, "report.not-in-rollout", "device is not in rollout " + rolloutId);
        }
        @SuppressWarnings("unchecked")
        Map<String, String> inventory = (Map<String, String>) body.get("inventory");
        String status = (String) body.get("status");
        var received = new ReceivedReport(rolloutId, status, (String) body.get("reason"), inventory);
        reports.add(received);
        @SuppressWarnings("unchecked")
        Map<String, String> digests = (Map<String, String>) body.get("digests");
        reportBodies.add(new ReportBody(received, digests, (String) body.get("signedReport")));
        synchronized (this) {
            Map<String, Object> current = assignment;
            if ("SUCCESS".equals(status) && current != null
                    && ((Number) current.get("rolloutId")).longValue() == rolloutId) {
                assignment = null;
                version++;
            }
        }
        record(exchange, 204);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        return 204;
    }

    private int noContent(HttpExchange exchange) throws IOException {
        record(exchange, 204);
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
        return 204;
    }

    private int artifact(HttpExchange exchange, byte[] artifact) throws IOException {
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        String range = exchange.getRequestHeaders().getFirst("Range");
        long start = 0;
        int status = 200;
        if (range != null) {
            Matcher matcher = RANGE.matcher(range);
            if (!matcher.matches()) {
                return error(exchange, 400, "artifact.bad-range", "unsupported range " + range);
            }
            start = Long.parseLong(matcher.group(1));
            if (start >= artifact.length) {
                return error(exchange, 416, "artifact.range-not-satisfiable", "range starts past the end");
            }
            status = 206;
            exchange.getResponseHeaders().set("Content-Range",
                    "bytes " + start + "-" + (artifact.length - 1) + "/" + artifact.length);
        }
        int length = artifact.length - (int) start;
        record(exchange, status);
        exchange.sendResponseHeaders(status, length);
        OutputStream body = exchange.getResponseBody();
        Integer dropAfter = artifactDrops.poll();
        if (dropAfter != null) {
            int sent = Math.min(dropAfter, length);
            body.write(artifact, (int) start, sent);
            body.flush();
            beforeDrop.accept(start + sent);
            // An exception out of a handler makes HttpServer close the connection mid-body.
            throw new DroppedConnection();
        }
        body.write(artifact, (int) start, length);
        body.close();
        return status;
    }

    private int error(HttpExchange exchange, int status, String code, String message) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        return send(exchange, status, json.writeValueAsBytes(Map.of("code", code, "message", message)));
    }

    private int send(HttpExchange exchange, int status, byte[] body) throws IOException {
        record(exchange, status);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    /** Thrown from a handler to cut the connection. */
    private static final class DroppedConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DroppedConnection() {
            super("connection dropped on purpose", null, false, false);
        }
    }
}
