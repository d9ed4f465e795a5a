package io.drover.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A plain HTTP client for tests, holding one bearer token; answers keep status, headers and body. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String token;

    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public ApiClient as(String otherToken) {
        return new ApiClient(base, otherToken);
    }

    /** An HTTP answer. */
    public record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + new String(body), e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        /** The error code of a JSON error answer. */
        public String errorCode() {
            return json().path("code").asText();
        }
    }

    /** The actions of a rollout's events, oldest first ({@code GET /api/v1/rollouts/{id}/events}). */
    public List<String> rolloutEventActions(long rolloutId) {
        List<String> actions = new ArrayList<>();
        get("/api/v1/rollouts/" + rolloutId + "/events").json().forEach(e -> actions.add(e.get("action").asText()));
        return actions;
    }

    /** A rollout's latest event. */
    public JsonNode lastRolloutEvent(long rolloutId) {
        JsonNode events = get("/api/v1/rollouts/" + rolloutId + "/events").json();
        return events.get(events.size() - 1);
    }

    public Answer get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public Answer postJson(String path, String json) {
        return send(request(path, "Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    public Answer postBytes(String path, String contentType, byte[] body) {
        return send(request(path, "Content-Type", contentType).POST(BodyPublishers.ofByteArray(body)));
    }

    public Answer putJson(String path, String json) {
        return send(request(path, "Content-Type", "application/json").PUT(BodyPublishers.ofString(json)));
    }

    public Answer delete(String path) {
        return send(request(path).DELETE());
    }

    /**
     * An upload, with {@code Expect: 100-continue} as Drover's CLI sends it: one the server refuses from its headers is
     * answered before the body is sent, not cut off while the body is on its way.
     */
    public Answer put(String path, BodyPublisher body) {
        return send(request(path, "Content-Type", "application/octet-stream").expectContinue(true).PUT(body));
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = http.send(request.build(), BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
