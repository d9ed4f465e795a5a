package io.drover.coap;

import io.drover.error.CoapCodes;
import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;

/**
 * The one place where Drover's error categories become CoAP response codes (the table is {@link CoapCodes}; a few
 * codes of the CoAP transport itself have a more precise one). Every error answer carries a diagnostic payload
 * (RFC 7252 §5.5.2): the stable error code, a colon, and the message, cut to fit one datagram.
 */
public final class CoapErrors {
    /** The CoAP transport's own codes. */
    public static final ErrorCode UNSUPPORTED_CONTENT_FORMAT = new ErrorCode("coap.unsupported-content-format",
            Category.MALFORMED);
    public static final ErrorCode MALFORMED_CBOR = new ErrorCode("request.malformed-cbor", Category.MALFORMED);
    public static final ErrorCode METHOD_NOT_ALLOWED = new ErrorCode("coap.method-not-allowed", Category.MALFORMED);
    /** An option Californium could not parse, or a critical one it does not know (4.02). */
    public static final ErrorCode BAD_OPTION = new ErrorCode("coap.bad-option", Category.MALFORMED);
    /** A block-wise upload larger than the node takes (4.13 with Size1). */
    public static final ErrorCode BODY_TOO_LARGE = new ErrorCode("coap.body-too-large", Category.TOO_LARGE);
    /** A block-wise upload whose block is not the next one, or whose state expired (4.08). */
    public static final ErrorCode INCOMPLETE_UPLOAD = new ErrorCode("coap.incomplete-upload", Category.MALFORMED);
    /** Diagnostic payloads stay well inside the smallest datagram a device must accept (RFC 7252 §4.6). */
    public static final int MAX_DIAGNOSTIC_BYTES = 200;
    /** The CoAP transport's own codes that have a CoAP response code more precise than their category's. */
    private static final Map<ErrorCode, ResponseCode> PRECISE = Map.of(
            METHOD_NOT_ALLOWED, ResponseCode.METHOD_NOT_ALLOWED,
            UNSUPPORTED_CONTENT_FORMAT, ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
            INCOMPLETE_UPLOAD, ResponseCode.REQUEST_ENTITY_INCOMPLETE,
            BAD_OPTION, ResponseCode.BAD_OPTION);

    private CoapErrors() {}

    /** The error answer for {@code e}. */
    public static Response response(DroverException e) {
        ResponseCode code = PRECISE.getOrDefault(e.errorCode(),
                ResponseCode.valueOf(CoapCodes.of(e.errorCode().category())));
        Response response = new Response(code, true);
        response.setPayload(diagnostic(e.errorCode().code() + ": " + e.getMessage()));
        return response;
    }

    /** {@code text} in UTF-8, cut at a character boundary to at most {@link #MAX_DIAGNOSTIC_BYTES} bytes. */
    public static byte[] diagnostic(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_DIAGNOSTIC_BYTES) {
            return bytes;
        }
        int end = MAX_DIAGNOSTIC_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) { // never cut a multi-byte character in half
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }
}
