package io.drover.error;

import io.drover.error.ErrorCode.Category;

/**
 * A part of a body asked for that cannot be served: by HTTP Range (artifacts) or by CoAP Block2 (any body the server
 * or a gateway serves block by block). The codes keep the names they were first published under.
 */
public final class RangeErrors {
    /** The part asked for starts past the end of the body. */
    public static final ErrorCode NOT_SATISFIABLE = new ErrorCode("artifact.range-not-satisfiable",
            Category.RANGE_NOT_SATISFIABLE);
    /** The part asked for is not one that can be served at all. */
    public static final ErrorCode BAD_RANGE = new ErrorCode("artifact.bad-range", Category.MALFORMED);

    private RangeErrors() {}
}
