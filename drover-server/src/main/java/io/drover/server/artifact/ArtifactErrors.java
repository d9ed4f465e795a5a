package io.drover.server.artifact;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of artifact download, and the upload's prefix rule (other upload errors are the blob store's: see {@code BlobErrors}). */
public final class ArtifactErrors {
    public static final ErrorCode RANGE_NOT_SATISFIABLE = new ErrorCode("artifact.range-not-satisfiable", Category.RANGE_NOT_SATISFIABLE);
    /** Another artifact's SHA-256 starts with the same 16 hex digits, its short name on constrained links. */
    public static final ErrorCode PREFIX_TAKEN = new ErrorCode("artifact.prefix-taken", Category.CONFLICT);
    public static final ErrorCode BAD_RANGE = new ErrorCode("artifact.bad-range", Category.MALFORMED);

    private ArtifactErrors() {}
}
