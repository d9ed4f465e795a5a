package io.drover.server.web;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of the HTTP layer itself. */
public final class WebErrors {
    public static final ErrorCode MALFORMED_JSON = new ErrorCode("request.malformed-json", Category.MALFORMED);
    public static final ErrorCode BAD_PARAMETER = new ErrorCode("request.bad-parameter", Category.MALFORMED);
    public static final ErrorCode NOT_FOUND = new ErrorCode("request.not-found", Category.NOT_FOUND);
    public static final ErrorCode UNAUTHENTICATED = new ErrorCode("auth.unauthenticated", Category.UNAUTHENTICATED);
    /** A valid token whose role the route does not allow. */
    public static final ErrorCode FORBIDDEN = new ErrorCode("auth.forbidden", Category.FORBIDDEN);
    public static final ErrorCode INTERNAL = new ErrorCode("server.internal-error", Category.INTERNAL);

    private WebErrors() {}
}
