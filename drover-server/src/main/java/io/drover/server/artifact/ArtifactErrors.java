package io.drover.server.artifact;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of artifact download. (Upload errors are the blob store's: see {@code BlobErrors}.) */
public final class ArtifactErrors {
    public static final ErrorCode RANGE_NOT_SATISFIABLE = new ErrorCode("artifact.range-not-satisfiable", Category.RANGE_NOT_SATISFIABLE);
    public static final ErrorCode BAD_RANGE = new ErrorCode("artifact.bad-range", Category.MALFORMED);

    private ArtifactErrors() {}
}
