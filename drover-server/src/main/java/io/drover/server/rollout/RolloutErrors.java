package io.drover.server.rollout;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of rollouts and device reports. */
public final class RolloutErrors {
    public static final ErrorCode NOT_FOUND = new ErrorCode("rollout.not-found", Category.NOT_FOUND);
    public static final ErrorCode INVALID = new ErrorCode("rollout.invalid", Category.MALFORMED);
    public static final ErrorCode INVALID_FILTER = new ErrorCode("rollout.invalid-filter", Category.MALFORMED);
    public static final ErrorCode NOT_IN_ROLLOUT = new ErrorCode("report.not-in-rollout", Category.CONFLICT);
    /** A change a rollout cannot make in its state (e.g. resuming a completed one). */
    public static final ErrorCode INVALID_TRANSITION = new ErrorCode("rollout.invalid-transition", Category.CONFLICT);
    /** A rehearsal result for a rollout that requires none, or whose wave 1 already started. */
    public static final ErrorCode NOT_AWAITING_REHEARSAL =
            new ErrorCode("rollout.not-awaiting-rehearsal", Category.CONFLICT);
    /** An approval of a rollout that awaits none (it needs none, or was approved or cancelled already). */
    public static final ErrorCode NOT_AWAITING_APPROVAL =
            new ErrorCode("rollout.not-awaiting-approval", Category.CONFLICT);
    /** The two-person rule: a rollout's creator may not approve it, whatever their role. */
    public static final ErrorCode SELF_APPROVAL = new ErrorCode("rollout.self-approval", Category.FORBIDDEN);
    /** A report that is not final after a final one: the device's part in the rollout is over. */
    public static final ErrorCode ALREADY_FINAL = new ErrorCode("report.already-final", Category.CONFLICT);
    public static final ErrorCode INVALID_REPORT = new ErrorCode("report.invalid", Category.MALFORMED);
    /** A device with an identity key on record sent a final report without its signature. */
    public static final ErrorCode SIGNATURE_REQUIRED = new ErrorCode("report.signature-required", Category.REJECTED);
    /** The signed report states something else than the request that carries it. */
    public static final ErrorCode SIGNED_CONTENT_MISMATCH =
            new ErrorCode("report.signed-content-mismatch", Category.REJECTED);

    /** A report naming a release that is neither the rollout's nor an earlier release of its class. */
    public static final ErrorCode NOT_A_STEP = new ErrorCode("report.not-a-step", Category.REJECTED);
    /** A report on a rollout the server judged the device incompatible with. */
    public static final ErrorCode DEVICE_INCOMPATIBLE = new ErrorCode("report.device-incompatible", Category.CONFLICT);

    /** A ROLLED_BACK report the server did not order (see {@link RollbackOrders}). */
    public static final ErrorCode ROLLBACK_NOT_ORDERED =
            new ErrorCode("report.rollback-not-ordered", Category.CONFLICT);

    private RolloutErrors() {}
}
