package io.drover.agent.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The agent's JSON configuration. Only immutable {@link ObjectReader}s and {@link ObjectWriter}s leave this class,
 * so sharing them is safe; sharing matters because a simulator runs thousands of agents in one JVM and a mapper's
 * serializer caches are not small.
 */
public final class Json {
    // Unknown properties are ignored so that a newer server can add fields without breaking deployed agents.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    public static ObjectReader reader(Class<?> type) {
        return MAPPER.readerFor(type);
    }

    public static ObjectWriter writer() {
        return MAPPER.writer();
    }
}
