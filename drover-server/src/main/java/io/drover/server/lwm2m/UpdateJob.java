package io.drover.server.lwm2m;

import io.drover.server.rollout.Assignment;
import io.drover.server.rollout.ReportStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One device's update as this node drives it: the assignment, how far Drover got, what it last reported (so that a
 * report is sent once per change, not at every check), and whether it is over. Held in memory by the node the device
 * registered with; a node that restarts picks the update up again from the device's own state (see
 * {@link FirmwareUpdates}).
 */
final class UpdateJob {
    enum Phase {
        /** Nothing delivered yet, or a retry waits to deliver again. */
        NEW,
        /** The package, or its URI, is written: the device downloads or holds it. */
        DELIVERED,
        /** Update (/5/0/2) was executed: the device installs. */
        EXECUTED
    }

    final Assignment assignment;
    private Phase phase = Phase.NEW;
    private Delivery delivery;
    /** When Drover last took a step: delivered the package, or executed Update. */
    private Instant steppedAt;
    /** Transient failures in a row. */
    private int failures;
    /** While a retry waits, when it may deliver again. */
    private Instant retryAt = Instant.MIN;
    private ReportStatus reported;
    private String reportedReason;
    private boolean settled;

    UpdateJob(Assignment assignment) {
        this.assignment = Objects.requireNonNull(assignment, "assignment");
    }

    boolean isFor(Assignment other) {
        return assignment.rolloutId() == other.rolloutId() && assignment.releaseId() == other.releaseId();
    }

    Phase phase() {
        return phase;
    }

    Optional<Delivery> delivery() {
        return Optional.ofNullable(delivery);
    }

    void delivered(Delivery how, Instant at) {
        phase = Phase.DELIVERED;
        delivery = how;
        steppedAt = at;
    }

    Instant steppedAt() {
        return steppedAt;
    }

    void executed(Instant at) {
        phase = Phase.EXECUTED;
        steppedAt = at;
    }

    /** Counts a transient failure and starts over after {@code retryAt}; answers how many there were in a row. */
    int failed(Instant retryAt) {
        phase = Phase.NEW;
        this.retryAt = retryAt;
        return ++failures;
    }

    boolean mayDeliver(Instant now) {
        return !now.isBefore(retryAt);
    }

    /** Whether this status and reason were the last reported: a check that finds nothing new reports nothing. */
    boolean reported(ReportStatus status, String reason) {
        return status == reported && Objects.equals(reason, reportedReason);
    }

    void noteReported(ReportStatus status, String reason) {
        reported = status;
        reportedReason = reason;
    }

    /**
     * Ends the job: its final report was made (or refused, or can never be made). A settled job stays until the
     * device is assigned something else, so that an assignment the server still answers is not started again.
     */
    void settle() {
        settled = true;
    }

    boolean settled() {
        return settled;
    }
}
