package io.drover.suit.report;

import java.util.Arrays;
import java.util.Optional;

/** SUIT_Report_Reasons of draft-ietf-suit-report-18, with their wire values. */
public enum ReportReason {
    OK(0),
    CBOR_PARSE(1),
    COSE_UNSUPPORTED(2),
    ALG_UNSUPPORTED(3),
    UNAUTHORISED(4),
    COMMAND_UNSUPPORTED(5),
    COMPONENT_UNSUPPORTED(6),
    COMPONENT_UNAUTHORISED(7),
    PARAMETER_UNSUPPORTED(8),
    SEVERING_UNSUPPORTED(9),
    CONDITION_FAILED(10),
    OPERATION_FAILED(11),
    INVOKE_PENDING(12);

    private final int value;

    ReportReason(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Optional<ReportReason> of(long value) {
        return Arrays.stream(values()).filter(r -> r.value == value).findFirst();
    }
}
