package io.drover.suit.report;

import java.util.Objects;

/** The suit-report-result: {@code true}, or the code, record and reason of what stopped processing. */
public sealed interface ReportResult permits ReportResult.Success, ReportResult.Failure {
    /**
     * Drover's suit-report-result-code for a run that stopped on a failure. The draft leaves codes to the
     * implementation; Drover sends these two so a reader can tell "refused" from "not now".
     */
    int FAILED = 1;
    /** Drover's suit-report-result-code for a run that stopped at a wait whose conditions do not hold yet. */
    int DEFERRED = 2;

    /** Every sequence ran to its end. */
    record Success() implements ReportResult {
    }

    record Failure(int code, SuitRecord record, ReportReason reason) implements ReportResult {
        public Failure {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
