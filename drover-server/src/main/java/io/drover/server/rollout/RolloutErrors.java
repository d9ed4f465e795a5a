package io.drover.server.rollout;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of rollouts and device reports. */
public final class RolloutErrors {
    public static final ErrorCode NOT_FOUND = new ErrorCode("rollout.not-found", Category.NOT_FOUND);
    public static final ErrorCode INVALID = new ErrorCode("rollout.invalid", Category.MALFORMED);
    public static final ErrorCode NOT_IN_ROLLOUT = new ErrorCode("report.not-in-rollout", Category.CONFLICT);
    public static final ErrorCode INVALID_REPORT = new ErrorCode("report.invalid", Category.MALFORMED);
    /** A report that is not final after a final one: the device's part in the rollout is over. */
    public static final ErrorCode ALREADY_FINAL = new ErrorCode("report.already-final", Category.CONFLICT);

    private RolloutErrors() {}
}
