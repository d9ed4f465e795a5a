package io.drover.suit.processor;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** The error codes of the SUIT processor; each is the code of an {@link Outcome.Failed}. */
public final class ProcessorErrors {
    /** A condition did not hold (identity, image-match, version, use-before, battery, slot, content). */
    public static final ErrorCode CONDITION_FAILED = new ErrorCode("processor.condition-failed", Category.REJECTED);
    /** The manifest ran condition-abort. */
    public static final ErrorCode ABORTED = new ErrorCode("processor.aborted", Category.REJECTED);
    /** A sequence holds a command this processor does not implement; refused before anything ran. */
    public static final ErrorCode UNSUPPORTED_COMMAND = new ErrorCode("processor.unsupported-command", Category.REJECTED);
    /** A severable member the run needs is severed and was not supplied. */
    public static final ErrorCode MEMBER_MISSING = new ErrorCode("processor.member-missing", Category.NOT_FOUND);
    /** A command needs a parameter the manifest did not set, or one of a shape it cannot use. */
    public static final ErrorCode PARAMETER_INVALID = new ErrorCode("processor.parameter-invalid", Category.MALFORMED);
    /** The platform failed to read, write, fetch or invoke. */
    public static final ErrorCode OPERATION_FAILED = new ErrorCode("processor.operation-failed", Category.INTERNAL);
    /** A component with an image digest was written but no image-match on the written content passed. */
    public static final ErrorCode UNVERIFIED_WRITE = new ErrorCode("processor.unverified-write", Category.REJECTED);
    /** A wait's conditions do not hold yet: not a failure, the run may be retried later. */
    public static final ErrorCode DEFERRED = new ErrorCode("processor.deferred", Category.CONFLICT);

    private ProcessorErrors() {
    }
}
