package io.drover.server.rollout;

/**
 * The server's order, in a check-in answer, to leave release {@code releaseId} (sequence {@code sequenceNumber}),
 * which rollout {@code rolloutId} installed, for what the device ran before it: sequence
 * {@code toSequenceNumber}, release {@code toReleaseId} (null for the device's factory image). The device carries it
 * out only if it runs exactly that release and still holds the previous one intact in its other slot, and reports
 * ROLLED_BACK on the rollout.
 */
public record RollbackOrder(long rolloutId, long releaseId, long sequenceNumber, Long toReleaseId,
        long toSequenceNumber, String reason) {
    /** The reason the device reports with ROLLED_BACK, and the order's own. */
    public static final String REASON = "rollout.halted-rollback";

    /** A strong validator for the check-in answer that carries this order. */
    public String etag() {
        return "\"b" + rolloutId + "." + releaseId + "\"";
    }
}
