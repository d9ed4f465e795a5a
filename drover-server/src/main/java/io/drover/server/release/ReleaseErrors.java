package io.drover.server.release;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of release upload. */
public final class ReleaseErrors {
    public static final ErrorCode NOT_FOUND = new ErrorCode("release.not-found", Category.NOT_FOUND);
    public static final ErrorCode NO_SIGNER = new ErrorCode("release.no-signer-registered", Category.REJECTED);
    public static final ErrorCode WRONG_CLASS = new ErrorCode("release.wrong-class", Category.REJECTED);
    public static final ErrorCode UNKNOWN_COMPONENT = new ErrorCode("release.unknown-component", Category.REJECTED);
    public static final ErrorCode INCOMPLETE_MANIFEST = new ErrorCode("release.incomplete-manifest", Category.REJECTED);
    public static final ErrorCode ARTIFACT_MISSING = new ErrorCode("release.artifact-missing", Category.REJECTED);
    public static final ErrorCode SEQUENCE_NOT_INCREASING = new ErrorCode("release.sequence-not-increasing", Category.CONFLICT);
    public static final ErrorCode TOO_LARGE = new ErrorCode("release.envelope-too-large", Category.TOO_LARGE);
    /** Another envelope's SHA-256 starts with the same 16 hex digits, the short name devices may fetch it by. */
    public static final ErrorCode ENVELOPE_PREFIX_TAKEN = new ErrorCode("release.envelope-prefix-taken",
            Category.CONFLICT);

    private ReleaseErrors() {}
}
