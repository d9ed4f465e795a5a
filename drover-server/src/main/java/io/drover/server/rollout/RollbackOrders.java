package io.drover.server.rollout;

import io.drover.error.DroverException;
import io.drover.server.fleet.AuthenticatedDevice;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Rollbacks the server orders after a rollout halted for its health gate (with {@code rollbackOnHalt}): which device
 * is told to roll back at its check-in, and which ROLLED_BACK report is accepted. A device is told only while it runs
 * the very release the rollout installed on it (SUCCESS on the rollout's own release, and its installed sequence
 * number still that release's), and only if the server knows what it ran before; a device that has since moved on
 * to a newer release, or rolled back already, is told nothing.
 */
public final class RollbackOrders {
    private final Jdbi jdbi;

    public RollbackOrders(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The rollback the device should carry out now, if any: one indexed read of the device's own rows per check-in,
     * joined to the rollouts that order a rollback.
     */
    public Optional<RollbackOrder> orderFor(AuthenticatedDevice device) {
        return jdbi.withHandle(h -> h.createQuery("SELECT dr.rollout_id, dr.release_id, dr.previous_sequence, "
                        + "prev.id AS previous_release FROM device_rollout dr "
                        + "JOIN rollout r ON r.id = dr.rollout_id JOIN release rel ON rel.id = dr.release_id "
                        + "LEFT JOIN release prev ON prev.device_class_id = r.device_class_id "
                        + "AND prev.sequence_number = dr.previous_sequence "
                        + "WHERE dr.device_id = :dev AND dr.status = 'SUCCESS' AND r.rollback_ordered_at IS NOT NULL "
                        + "AND dr.release_id = r.release_id AND rel.sequence_number = :installed "
                        + "AND dr.previous_sequence IS NOT NULL ORDER BY dr.rollout_id")
                .bind("dev", device.id()).bind("installed", device.installedSequence())
                .map((rs, ctx) -> new RollbackOrder(rs.getLong("rollout_id"), rs.getLong("release_id"),
                        device.installedSequence(), rs.getObject("previous_release", Long.class),
                        rs.getLong("previous_sequence"), RollbackOrder.REASON))
                .findFirst());
    }

    /**
     * The sequence number a ROLLED_BACK report returns the device to, when the server ordered that rollback of this
     * device: it runs the rollout's release, recorded SUCCESS with what it ran before; otherwise refused with
     * {@code report.rollback-not-ordered}.
     */
    static long requireOrdered(AuthenticatedDevice device, StoredRollout rollout, long releaseId,
            Optional<DeviceRollouts.Row> current) {
        boolean ordered = rollout.rollbackOrderedAt().isPresent() && releaseId == rollout.releaseId()
                && device.installedSequence() == rollout.releaseSequence()
                && current.filter(row -> row.status() == ReportStatus.SUCCESS && row.releaseId() == releaseId
                        && row.previousSequence() != null).isPresent();
        if (!ordered) {
            throw new DroverException(RolloutErrors.ROLLBACK_NOT_ORDERED, "device '" + device.id() + "' was not told "
                    + "to roll back release " + releaseId + " of rollout " + rollout.id() + ": only a device that "
                    + "runs the release a rollout halted by its health gate installed, and that was told to, "
                    + "rolls back");
        }
        return current.get().previousSequence();
    }
}
