package io.drover.server.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The bytes of a ledger entry: one JSON object on one line, fields in a fixed order. The leaf hash covers exactly
 * these bytes, so they are stored and exported as made, never re-encoded. Each entry states its own position and the
 * previous entry's leaf hash: a verifier holding only the entries can then name the first one that was altered,
 * dropped, inserted or moved.
 */
final class EntryBody {
    private static final JsonFactory JSON = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();

    private EntryBody() {}

    /** {@code detailsJson} is a JSON object this server wrote when the record was queued. */
    static byte[] encode(long index, byte[] previousLeafHash, Instant time, String kind, String actor, String deviceId,
            Long releaseId, Long rolloutId, String detailsJson) {
        var out = new ByteArrayOutputStream(256 + detailsJson.length());
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("index", index);
            json.writeStringField("previous", HEX.formatHex(previousLeafHash));
            json.writeStringField("time", time.toString());
            json.writeStringField("kind", kind);
            json.writeStringField("actor", actor);
            if (deviceId != null) {
                json.writeStringField("deviceId", deviceId);
            }
            if (releaseId != null) {
                json.writeNumberField("releaseId", releaseId);
            }
            if (rolloutId != null) {
                json.writeNumberField("rolloutId", rolloutId);
            }
            json.writeFieldName("details");
            json.writeRawValue(detailsJson);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
