package io.drover.error;

/**
 * How error categories travel over HTTP, both ways: the server answers {@link #of(ErrorCode.Category)}, and clients
 * (the agent, the CLI) read a status back into a category with {@link #categoryOf(int)}. One table, so the two sides
 * cannot drift apart.
 */
public final class HttpStatuses {
    private HttpStatuses() {}

    public static int of(ErrorCode.Category category) {
        return switch (category) {
            case MALFORMED -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case RANGE_NOT_SATISFIABLE -> 416;
            case REJECTED -> 422;
            case INTERNAL -> 500;
        };
    }

    /** The category of an error status; statuses Drover does not send map to the nearest category. */
    public static ErrorCode.Category categoryOf(int status) {
        return switch (status) {
            case 401 -> ErrorCode.Category.UNAUTHENTICATED;
            case 403 -> ErrorCode.Category.FORBIDDEN;
            case 404, 410 -> ErrorCode.Category.NOT_FOUND;
            case 409, 412 -> ErrorCode.Category.CONFLICT;
            case 413 -> ErrorCode.Category.TOO_LARGE;
            case 416 -> ErrorCode.Category.RANGE_NOT_SATISFIABLE;
            case 422 -> ErrorCode.Category.REJECTED;
            default -> status >= 500 ? ErrorCode.Category.INTERNAL : ErrorCode.Category.MALFORMED;
        };
    }
}
