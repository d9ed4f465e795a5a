package io.drover.cli.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.error.HttpStatuses;
import io.drover.server.rollout.NewRollout;
import io.drover.server.rollout.RehearsalResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A client of the management API ({@code /api/v1}). A refusal from the server becomes a {@link DroverException} carrying
 * the server's own error code and message.
 */
public final class ManagementClient {
    private static final int PAGE = 100;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final URI base;
    private final String token;

    public ManagementClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public JsonNode defineClass(String name, UUID vendorId, UUID classId, List<String> components) {
        ObjectNode body = json.createObjectNode().put("name", name).put("vendorId", vendorId.toString()).put("classId", classId.toString());
        components.forEach(body.putArray("components")::add);
        return post("/api/v1/classes", body);
    }

    public JsonNode trustSigner(String className, String publicKeyPem) {
        return post("/api/v1/classes/" + className + "/signers", json.createObjectNode().put("publicKeyPem", publicKeyPem));
    }

    /** Registers a device and returns its token. */
    public String registerDevice(String id, String className, Map<String, String> inventory) {
        ObjectNode body = json.createObjectNode().put("id", id).put("className", className);
        inventory.forEach(body.putObject("inventory")::put);
        return post("/api/v1/devices", body).get("token").asText();
    }

    public JsonNode device(String id) {
        return send(request("/api/v1/devices/" + id).GET());
    }

    /**
     * One page of what device {@code id} went through on every rollout, newest first: the {@code limit} entries
     * before entry id {@code before} (null: the newest).
     */
    public JsonNode deviceHistory(String id, Long before, int limit) {
        return send(request("/api/v1/devices/" + id + "/history?limit=" + limit
                + (before == null ? "" : "&before=" + before)).GET());
    }

    /** Uploads a file as an artifact, streamed, under its SHA-256. */
    public JsonNode uploadArtifact(Path file, String sha256Hex) {
        try {
            // Expect: 100-continue: an upload the server refuses from its headers alone (a bad digest, a wrong
            // role, a prefix taken) is answered before any of the file is sent, not cut off while it is.
            return send(request("/api/v1/artifacts/" + sha256Hex).header("Content-Type", "application/octet-stream")
                    .expectContinue(true).PUT(BodyPublishers.ofFile(file)));
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode uploadRelease(String className, byte[] envelope) {
        return send(request("/api/v1/classes/" + className + "/releases").header("Content-Type", "application/cbor")
                .POST(BodyPublishers.ofByteArray(envelope)));
    }

    /** Starts a rollout; the request was validated when it was made, the server checks it again against the release. */
    public JsonNode startRollout(NewRollout rollout) {
        return post("/api/v1/rollouts", json.valueToTree(rollout));
    }

    public JsonNode rollout(long id) {
        return send(request("/api/v1/rollouts/" + id).GET());
    }

    /** The rollout's history, oldest first: {@code at}, {@code actor}, {@code action}, {@code detail}. */
    public JsonNode rolloutEvents(long id) {
        return send(request("/api/v1/rollouts/" + id + "/events").GET());
    }

    /** Pauses, resumes, cancels or promotes a rollout; {@code reason} (may be null) goes into its history. */
    public JsonNode steerRollout(long id, RolloutAction action, String reason) {
        return post("/api/v1/rollouts/" + id + "/" + action.path(), json.createObjectNode().put("reason", reason));
    }

    /** Approves a rollout that awaits approval; {@code reason} (may be null) goes into its history. */
    public JsonNode approveRollout(long id, String reason) {
        return post("/api/v1/rollouts/" + id + "/approve", json.createObjectNode().put("reason", reason));
    }

    /** Creates a management user; the answer holds its token, which the server shows this once. */
    public JsonNode createUser(String name, String role) {
        return post("/api/v1/users", json.createObjectNode().put("name", name).put("role", role));
    }

    /**
     * Issues a new pre-shared key for the device's CoAP sessions over DTLS, replacing the one before; the answer
     * ({@code deviceId}, {@code identity}, {@code key}, {@code generation}) holds the key, which the server shows this once.
     */
    public JsonNode issuePsk(String deviceId) {
        return send(request("/api/v1/devices/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8) + "/psk")
                .POST(BodyPublishers.noBody()));
    }

    /** Every user: name, role, createdAt, createdBy, revokedAt. */
    public JsonNode users() {
        return send(request("/api/v1/users").GET());
    }

    /** Stops a user's token from working. */
    public void revokeUser(String name) {
        send(request("/api/v1/users/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/revoke")
                .POST(BodyPublishers.noBody()));
    }

    /**
     * Records how a rehearsal of the rollout's release went; the server judges it against the rollout's requirement
     * and answers the rollout, with its verdict under {@code lastRehearsal}.
     */
    public JsonNode recordRehearsal(long id, RehearsalResult result) {
        return post("/api/v1/rollouts/" + id + "/rehearsal", json.valueToTree(result));
    }

    /** A class: its name, vendor and class ids, components. */
    public JsonNode deviceClass(String name) {
        return send(request("/api/v1/classes/" + name).GET());
    }

    /** The keys trusted to sign a class's releases: {@code keyId}, {@code algorithm}, {@code publicKeyPem}. */
    public JsonNode signers(String className) {
        return send(request("/api/v1/classes/" + className + "/signers").GET());
    }

    /** A release: its class, sequence number and components (component, version, sha256, size). */
    public JsonNode release(long id) {
        return send(request("/api/v1/releases/" + id).GET());
    }

    /** The release's signed envelope, as it was uploaded. */
    public byte[] releaseEnvelope(long id) {
        return bytes(request("/api/v1/releases/" + id + "/envelope").GET());
    }

    /** An artifact's bytes, written to {@code target}. */
    public void downloadArtifact(String sha256Hex, Path target) {
        try {
            Files.write(target, bytes(request("/api/v1/artifacts/" + sha256Hex + "/content").GET()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last report of every device in rollout {@code id} (device id, status, reason), all pages of them. */
    public List<JsonNode> rolloutDevices(long id) {
        return allPages("/api/v1/rollouts/" + id + "/devices", "deviceId");
    }

    /** Every device of a class (id, inventory, installed sequence …), all pages of them. */
    public List<JsonNode> classDevices(String className) {
        return allPages("/api/v1/classes/" + className + "/devices", "id");
    }

    /** The ledger's public key: {@code algorithm}, {@code keyId}, {@code publicKeyPem}. */
    public JsonNode ledgerKey() {
        return send(request("/api/v1/ledger/key").GET());
    }

    /** What ran on a device at {@code at}, answered from the ledger with inclusion proofs (docs/LEDGER.md). */
    public JsonNode forensicsDevice(String id, Instant at) {
        return send(request("/api/v1/forensics/devices/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?at=" + at)
                .GET());
    }

    /** The devices that ran release {@code id} between {@code from} and {@code to}, with inclusion proofs. */
    public JsonNode forensicsRelease(long id, Instant from, Instant to) {
        return send(request("/api/v1/forensics/releases/" + id + "/devices?from=" + from + "&to=" + to).GET());
    }

    /** The ledger's latest signed head, covering everything recorded so far. */
    public JsonNode ledgerHead() {
        return send(request("/api/v1/ledger/head").GET());
    }

    /** Up to {@code limit} ledger entries from {@code from}, as JSON lines: exactly the leaf bytes, each ended by a newline. */
    public byte[] ledgerEntries(long from, int limit) {
        return bytes(request("/api/v1/ledger/entries?from=" + from + "&limit=" + limit).GET());
    }

    /** Up to {@code limit} signed heads of at least {@code fromSize} entries, smallest first, as JSON lines. */
    public byte[] ledgerHeads(long fromSize, int limit) {
        return bytes(request("/api/v1/ledger/heads?from=" + fromSize + "&limit=" + limit).GET());
    }

    /** The audit path of entry {@code index} in the log's first {@code size} entries: {@code {kind, first, second, hashes}}. */
    public JsonNode inclusionProof(long index, long size) {
        return send(request("/api/v1/ledger/proofs/inclusion?index=" + index + "&size=" + size).GET());
    }

    /** What proves the log of {@code second} entries extends the log of {@code first}: {@code {kind, first, second, hashes}}. */
    public JsonNode consistencyProof(long first, long second) {
        return send(request("/api/v1/ledger/proofs/consistency?first=" + first + "&second=" + second).GET());
    }

    /** Every item of a paged listing at {@code path}, whose items are keyed by their field {@code key}. */
    private List<JsonNode> allPages(String path, String key) {
        List<JsonNode> items = new ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = send(request(path + "?limit=" + PAGE + "&after="
                    + URLEncoder.encode(after, StandardCharsets.UTF_8)).GET());
            page.forEach(items::add);
            if (page.size() < PAGE) {
                return items;
            }
            after = page.get(page.size() - 1).get(key).asText();
        }
    }

    private JsonNode post(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json").POST(jsonBody(body)));
    }

    private BodyPublisher jsonBody(JsonNode body) {
        try {
            return BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            byte[] body = bytes(request);
            return body.length == 0 ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("the Drover server at " + base + " answered no JSON", e);
        }
    }

    /** The body of a successful answer; a refusal (a JSON error) becomes a {@link DroverException}. */
    private byte[] bytes(HttpRequest.Builder request) {
        try {
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            if (response.statusCode() >= 300) {
                JsonNode body = response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
                String code = body.path("code").asText("server.http-" + response.statusCode());
                throw new DroverException(new ErrorCode(code, HttpStatuses.categoryOf(response.statusCode())), body.path("message").asText(code));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("the Drover server at " + base + " did not answer ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
