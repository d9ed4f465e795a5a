package io.drover.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.error.HttpStatuses;
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
import java.nio.file.Path;
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
    private final ObjectMapper json = new ObjectMapper();
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

    /** Uploads a file as an artifact, streamed, under its SHA-256. */
    public JsonNode uploadArtifact(Path file, String sha256Hex) {
        try {
            return send(request("/api/v1/artifacts/" + sha256Hex).header("Content-Type", "application/octet-stream")
                    .PUT(BodyPublishers.ofFile(file)));
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode uploadRelease(String className, byte[] envelope) {
        return send(request("/api/v1/classes/" + className + "/releases").header("Content-Type", "application/cbor")
                .POST(BodyPublishers.ofByteArray(envelope)));
    }

    public JsonNode startRollout(long releaseId) {
        return startRollout(json.createObjectNode().put("releaseId", releaseId));
    }

    /** Starts a rollout as {@code request} describes it (the body of {@code POST /api/v1/rollouts}). */
    public JsonNode startRollout(JsonNode request) {
        return post("/api/v1/rollouts", request);
    }

    public JsonNode rollout(long id) {
        return send(request("/api/v1/rollouts/" + id).GET());
    }

    /** The last report of every device in rollout {@code id} (device id, status, reason), all pages of them. */
    public List<JsonNode> rolloutDevices(long id) {
        return allPages("/api/v1/rollouts/" + id + "/devices", "deviceId");
    }

    /** Every device of a class (id, inventory, installed sequence …), all pages of them. */
    public List<JsonNode> classDevices(String className) {
        return allPages("/api/v1/classes/" + className + "/devices", "id");
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
            var response = http.send(request.build(), BodyHandlers.ofByteArray());
            JsonNode body = response.body().length == 0 ? json.nullNode() : json.readTree(response.body());
            if (response.statusCode() >= 300) {
                String code = body.path("code").asText("server.http-" + response.statusCode());
                throw new DroverException(new ErrorCode(code, HttpStatuses.categoryOf(response.statusCode())), body.path("message").asText(code));
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("the Drover server at " + base + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
