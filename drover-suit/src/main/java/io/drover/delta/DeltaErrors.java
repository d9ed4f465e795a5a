package io.drover.delta;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** The error codes the delta codec raises. */
public final class DeltaErrors {
    /** The patch is not a delta in Drover's format: bad header, a record out of bounds, truncated, trailing bytes. */
    public static final ErrorCode MALFORMED = new ErrorCode("delta.malformed", Category.MALFORMED);
    /** The base offered is not the image the delta was made from (size or SHA-256). */
    public static final ErrorCode BASE_MISMATCH = new ErrorCode("delta.base-mismatch", Category.REJECTED);
    /** What the delta made is not the image its header (or the caller) expects. */
    public static final ErrorCode RESULT_MISMATCH = new ErrorCode("delta.result-mismatch", Category.REJECTED);
    /**
     * An image too large to make a delta of ({@link DeltaEncoder#MAX_IMAGE_BYTES}). Applying never needs it: a
     * patch's dictionary follows from its header and is at most {@link DeltaFormat#MAX_DICTIONARY_BYTES}.
     */
    public static final ErrorCode TOO_LARGE = new ErrorCode("delta.too-large", Category.TOO_LARGE);

    private DeltaErrors() {
    }
}
