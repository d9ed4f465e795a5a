package io.drover.server.coap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.drover.coap.CoapErrors;
import io.drover.server.web.JsonCodec;

/**
 * The CBOR of the CoAP device API: the same records, with the same field names and rules, as the HTTP API's JSON
 * ({@link JsonCodec#configure}), so a device reads and writes one shape whatever its transport. Byte strings are
 * accepted wherever the JSON carries base64 text (a signed report), which saves a third of their size.
 */
final class CborCodec {
    private final ObjectMapper mapper = JsonCodec.configure(new CBORMapper());

    <T> T read(byte[] body, Class<T> type) {
        return JsonCodec.read(mapper, body, type, CoapErrors.MALFORMED_CBOR, "CBOR");
    }

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as CBOR", e);
        }
    }
}
