package io.drover.server.compat;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of versions and compatibility rules. */
public final class CompatErrors {
    /** A version, constraint or rule that cannot be parsed. */
    public static final ErrorCode INVALID = new ErrorCode("compat.invalid", Category.MALFORMED);
    /** A release whose components break the class's rules on every device. */
    public static final ErrorCode RELEASE_NEVER_ALLOWED = new ErrorCode("compat.release-never-allowed", Category.CONFLICT);

    /** A policy under which a release that rollouts still deliver would be allowed on no device. */
    public static final ErrorCode POLICY_CONFLICT = new ErrorCode("compat.policy-conflict", Category.CONFLICT);

    private CompatErrors() {}
}
