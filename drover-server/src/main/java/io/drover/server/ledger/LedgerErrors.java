package io.drover.server.ledger;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** Error codes of the ledger's API. */
public final class LedgerErrors {
    /** A position or size outside the log, or a proof between sizes that do not grow. */
    public static final ErrorCode OUT_OF_RANGE = new ErrorCode("ledger.out-of-range", Category.MALFORMED);

    private LedgerErrors() {}
}
