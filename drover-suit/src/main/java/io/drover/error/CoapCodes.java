package io.drover.error;

/**
 * How error categories travel over CoAP (RFC 7252 §5.9, RFC 8132 for 4.09 and 4.22), both ways: the server answers
 * {@link #of(ErrorCode.Category)}, and CoAP clients read a response code back into a category with
 * {@link #categoryOf(int)}. Codes are the byte on the wire: class in the top three bits, detail in the low five
 * (4.04 is {@code 0x84}). One table, so server and devices cannot drift apart.
 */
public final class CoapCodes {
    public static final int BAD_REQUEST = code(4, 0);
    public static final int UNAUTHORIZED = code(4, 1);
    /** A critical option the server cannot honour, such as a Block2 number past the end of the resource. */
    public static final int BAD_OPTION = code(4, 2);
    public static final int FORBIDDEN = code(4, 3);
    public static final int NOT_FOUND = code(4, 4);
    /** Block-wise upload out of order or incomplete (RFC 7959 §2.9.2). */
    public static final int REQUEST_ENTITY_INCOMPLETE = code(4, 8);
    public static final int CONFLICT = code(4, 9);
    public static final int REQUEST_ENTITY_TOO_LARGE = code(4, 13);
    public static final int UNSUPPORTED_CONTENT_FORMAT = code(4, 15);
    public static final int UNPROCESSABLE_ENTITY = code(4, 22);
    public static final int INTERNAL_SERVER_ERROR = code(5, 0);

    private CoapCodes() {}

    public static int of(ErrorCode.Category category) {
        return switch (category) {
            case MALFORMED -> BAD_REQUEST;
            case UNAUTHENTICATED -> UNAUTHORIZED;
            case FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT -> CONFLICT;
            case TOO_LARGE -> REQUEST_ENTITY_TOO_LARGE;
            case RANGE_NOT_SATISFIABLE -> BAD_OPTION;
            case REJECTED -> UNPROCESSABLE_ENTITY;
            case INTERNAL -> INTERNAL_SERVER_ERROR;
        };
    }

    /** The category of an error code; codes Drover does not send map to the nearest category. */
    public static ErrorCode.Category categoryOf(int code) {
        if (code == UNAUTHORIZED) {
            return ErrorCode.Category.UNAUTHENTICATED;
        } else if (code == BAD_OPTION) {
            return ErrorCode.Category.RANGE_NOT_SATISFIABLE;
        } else if (code == FORBIDDEN) {
            return ErrorCode.Category.FORBIDDEN;
        } else if (code == NOT_FOUND) {
            return ErrorCode.Category.NOT_FOUND;
        } else if (code == CONFLICT || code == code(4, 12)) { // 4.12 Precondition Failed
            return ErrorCode.Category.CONFLICT;
        } else if (code == REQUEST_ENTITY_TOO_LARGE) {
            return ErrorCode.Category.TOO_LARGE;
        } else if (code == UNPROCESSABLE_ENTITY) {
            return ErrorCode.Category.REJECTED;
        }
        return code >>> 5 >= 5 ? ErrorCode.Category.INTERNAL : ErrorCode.Category.MALFORMED;
    }

    /** The code as people write it: {@code 4.04}. */
    public static String text(int code) {
        return (code >>> 5) + "." + String.format("%02d", code & 0x1f);
    }

    private static int code(int codeClass, int detail) {
        return codeClass << 5 | detail;
    }
}
