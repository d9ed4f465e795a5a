package io.drover.suit.processor.internal;

import io.drover.error.ErrorCode;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.SuitRecord;
import java.util.Objects;

/**
 * Stops a run: a failure, or a wait that does not hold yet ({@link #deferred()}). It unwinds through nested
 * sequences and dependencies to the processor, which turns it into an outcome; a try-each catches the condition
 * failures of an alternative and moves on to the next.
 */
public final class Halt extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final ReportReason reason;
    private final transient SuitRecord record;
    private final boolean deferred;

    Halt(ErrorCode code, ReportReason reason, SuitRecord record, String message, boolean deferred) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.record = Objects.requireNonNull(record, "record");
        this.deferred = deferred;
    }

    public ErrorCode code() {
        return code;
    }

    public ReportReason reason() {
        return reason;
    }

    public SuitRecord record() {
        return record;
    }

    public boolean deferred() {
        return deferred;
    }

    /** Whether a try-each may try its next alternative after this (a condition that did not hold). */
    boolean isSoft() {
        return reason == ReportReason.CONDITION_FAILED && !deferred;
    }
}
