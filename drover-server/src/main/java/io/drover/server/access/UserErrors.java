package io.drover.server.access;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of management users and their tokens. */
public final class UserErrors {
    public static final ErrorCode INVALID = new ErrorCode("user.invalid", Category.MALFORMED);
    public static final ErrorCode EXISTS = new ErrorCode("user.exists", Category.CONFLICT);
    public static final ErrorCode NOT_FOUND = new ErrorCode("user.not-found", Category.NOT_FOUND);
    /** A name Drover itself acts under (the built-in administrator, the rollout controller). */
    public static final ErrorCode RESERVED = new ErrorCode("user.reserved-name", Category.CONFLICT);

    private UserErrors() {}
}
