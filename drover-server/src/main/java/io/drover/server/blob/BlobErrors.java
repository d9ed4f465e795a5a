package io.drover.server.blob;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of the blob store. */
public final class BlobErrors {
    public static final ErrorCode BAD_DIGEST = new ErrorCode("artifact.bad-digest", Category.MALFORMED);
    public static final ErrorCode TOO_LARGE = new ErrorCode("artifact.too-large", Category.TOO_LARGE);
    public static final ErrorCode DIGEST_MISMATCH = new ErrorCode("artifact.digest-mismatch", Category.REJECTED);
    public static final ErrorCode NOT_FOUND = new ErrorCode("artifact.not-found", Category.NOT_FOUND);
    public static final ErrorCode UPLOAD_INTERRUPTED = new ErrorCode("artifact.upload-interrupted", Category.MALFORMED);

    private BlobErrors() {}
}
