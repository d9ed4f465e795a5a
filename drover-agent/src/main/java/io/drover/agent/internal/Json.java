package io.drover.agent.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The agent's JSON configuration, and the same for CBOR (the CoAP device API's bodies have the JSON's shape). Only
 * immutable {@link ObjectReader}s and {@link ObjectWriter}s leave this class, so sharing them is safe; sharing matters
 * because a simulator runs thousands of agents in one JVM and a mapper's serializer caches are not small.
 */
public final class Json {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());
    private static final ObjectMapper CBOR = configure(new CBORMapper());

    private Json() {}

    public static ObjectReader reader(Class<?> type) {
        return MAPPER.readerFor(type);
    }

    public static ObjectWriter writer() {
        return MAPPER.writer();
    }

    public static ObjectReader cborReader(Class<?> type) {
        return CBOR.readerFor(type);
    }

    public static ObjectWriter cborWriter() {
        return CBOR.writer();
    }

    // Unknown properties are ignored so that a newer server can add fields without breaking deployed agents.
    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
