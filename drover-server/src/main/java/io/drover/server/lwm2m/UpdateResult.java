package io.drover.server.lwm2m;

import io.drover.server.rollout.ReportStatus;
import java.util.Optional;

/**
 * The Update Result resource of the Firmware Update object (/5/0/5, OMA LwM2M 1.1), and the report Drover records
 * for each value under the device's rollout, with the reason's code. A value that says the update may pass another
 * time (the device ran out of RAM, lost its connection) is RETRYING: Drover delivers the package again, and records
 * FAILURE after {@link FirmwareUpdates#MAX_ATTEMPTS} in a row. A refusal of the package itself, or a failed install,
 * is FAILURE at once.
 */
enum UpdateResult {
    /** Reset when a download or an update starts: nothing to report yet. */
    INITIAL(null, null),
    SUCCESS(ReportStatus.SUCCESS, null),
    NOT_ENOUGH_FLASH(ReportStatus.FAILURE, "lwm2m.not-enough-flash"),
    OUT_OF_RAM(ReportStatus.RETRYING, "lwm2m.out-of-ram"),
    CONNECTION_LOST(ReportStatus.RETRYING, "lwm2m.connection-lost"),
    INTEGRITY_CHECK_FAILURE(ReportStatus.FAILURE, "lwm2m.integrity-check-failure"),
    UNSUPPORTED_PACKAGE_TYPE(ReportStatus.FAILURE, "lwm2m.unsupported-package-type"),
    INVALID_URI(ReportStatus.FAILURE, "lwm2m.invalid-uri"),
    UPDATE_FAILED(ReportStatus.FAILURE, "lwm2m.update-failed"),
    UNSUPPORTED_PROTOCOL(ReportStatus.FAILURE, "lwm2m.unsupported-protocol"),
    /** Someone cancelled the update on the device (Drover never executes Cancel): it is not pressed on it. */
    CANCELLED(ReportStatus.FAILURE, "lwm2m.update-cancelled"),
    /** The device's user put the update off; the device stays Downloaded until it starts. */
    DEFERRED(ReportStatus.WAITING, "lwm2m.update-deferred");

    private final ReportStatus report;
    private final String code;

    UpdateResult(ReportStatus report, String code) {
        this.report = report;
        this.code = code;
    }

    /** The result of a resource value; empty for a value the object does not define. */
    static Optional<UpdateResult> of(long value) {
        UpdateResult[] results = values();
        return value >= 0 && value < results.length ? Optional.of(results[(int) value]) : Optional.empty();
    }

    /** What Drover records for this result; empty for {@link #INITIAL}. */
    Optional<ReportStatus> report() {
        return Optional.ofNullable(report);
    }

    /** The reason's code, such as {@code lwm2m.integrity-check-failure}; empty for INITIAL and SUCCESS. */
    Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** The resource's value, 0 to 11. */
    int value() {
        return ordinal();
    }
}
