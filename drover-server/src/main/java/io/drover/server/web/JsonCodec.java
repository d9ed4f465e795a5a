package io.drover.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads request bodies into records and configures how Javalin writes JSON; malformed JSON becomes a clear 400. */
public final class JsonCodec {
    private final ObjectMapper mapper = configure(new ObjectMapper());

    /**
     * Drover's rules for reading and writing its records, for JSON and for the CBOR of the CoAP device API alike:
     * instants and durations as ISO-8601 text, unknown fields refused.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Durations (a wave's soak) are answered as ISO-8601 text, the form requests give them in.
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public JavalinJackson javalinMapper() {
        return new JavalinJackson(mapper, false);
    }

    /** The request body as {@code type}; a record's own validation failure is reported with its message. */
    public <T> T read(Context ctx, Class<T> type) {
        return read(ctx.bodyAsBytes(), type);
    }

    /** Like {@link #read}, for a body that may be left out: empty when there is none. */
    public <T> Optional<T> readIfAny(Context ctx, Class<T> type) {
        byte[] body = ctx.bodyAsBytes();
        return new String(body, StandardCharsets.UTF_8).isBlank() ? Optional.empty() : Optional.of(read(body, type));
    }

    private <T> T read(byte[] body, Class<T> type) {
        return read(mapper, body, type, WebErrors.MALFORMED_JSON, "JSON");
    }

    /**
     * {@code body} as {@code type} in {@code mapper}'s format: a record's own validation failure is reported with its
     * code and message, anything else that is not a {@code type} as {@code malformed}.
     */
    public static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type, ErrorCode malformed, String format) {
        try {
            return mapper.readValue(body, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof DroverException de) {
                throw de;
            }
            throw new DroverException(malformed, "invalid " + type.getSimpleName() + ": " + cause.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new DroverException(malformed, "the request body is not valid " + format + " for "
                    + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DroverException(malformed, "the request body could not be read: " + e.getMessage(), e);
        }
    }
}
