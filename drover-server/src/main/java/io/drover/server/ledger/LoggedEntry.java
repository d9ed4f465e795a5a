package io.drover.server.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** An entry read back from the log: its position, its bytes, and the fields a forensic question looks at. */
record LoggedEntry(long index, byte[] body, JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static LoggedEntry of(long index, byte[] body) {
        try {
            return new LoggedEntry(index, body, JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException("ledger entry " + index + " is not JSON", e);
        }
    }

    String kind() {
        return json.path("kind").asText();
    }

    String actor() {
        return json.path("actor").asText();
    }

    Instant time() {
        return Instant.parse(json.path("time").asText());
    }

    JsonNode details() {
        return json.path("details");
    }

    long releaseId() {
        return json.path("releaseId").asLong(-1);
    }

    long rolloutId() {
        return json.path("rolloutId").asLong(-1);
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
