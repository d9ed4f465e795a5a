package io.drover.suit.report;

import io.drover.error.ErrorCode;
import io.drover.error.ErrorCode.Category;

/** The error codes of SUIT reports. */
public final class ReportErrors {
    /** The bytes are not a SUIT_Report (or not the COSE_Sign1 around one). */
    public static final ErrorCode MALFORMED = new ErrorCode("report.malformed", Category.MALFORMED);
    /** No trusted device key's signature over the report verifies. */
    public static final ErrorCode BAD_SIGNATURE = new ErrorCode("report.bad-signature", Category.REJECTED);

    private ReportErrors() {
    }
}
