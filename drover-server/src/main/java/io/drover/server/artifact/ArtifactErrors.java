package io.drover.server.artifact;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/**
 * The upload's prefix rule (other upload errors are the blob store's, see {@code BlobErrors}; those of ranges asked
 * for are {@link io.drover.error.RangeErrors}).
 */
public final class ArtifactErrors {
    /** Another artifact's SHA-256 starts with the same 16 hex digits, its short name on constrained links. */
    public static final ErrorCode PREFIX_TAKEN = new ErrorCode("artifact.prefix-taken", Category.CONFLICT);

    private ArtifactErrors() {}
}
