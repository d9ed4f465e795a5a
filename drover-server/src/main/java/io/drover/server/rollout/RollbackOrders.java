package io.drover.server.rollout;

import io.drover.error.DroverException;
import io.drover.server.fleet.AuthenticatedDevice;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Rollbacks the server orders after a rollout halted for its health gate (with {@code rollbackOnHalt}): which device
 * is told to roll back at its check-in, and which ROLLED_BACK report is accepted. A device is told only while it runs
 * the very release the rollout installed on it (SUCCESS on the rollout's own release, and its installed sequence
 * number still that release's), and only if the server knows what it ran before; a device that has since moved on
 * to a newer release, or rolled back already, is told nothing.
 */
final class RollbackOrders {
    private RollbackOrders() {}

    /**
     * The rollback the device should carry out now, if any, decided from the facts its check-in read; the release it
     * returns to is looked up only when there is an order, which is rare.
     */
    static Optional<RollbackOrder> orderFor(Handle h, AuthenticatedDevice device, CheckInFacts facts) {
        return facts.orderingRollback().stream()
                .filter(rollout -> {
                    DeviceRollouts.Row row = facts.rows().get(rollout.id());
                    return row != null && row.status() == ReportStatus.SUCCESS
                            && row.releaseId() == rollout.releaseId() && row.previousSequence() != null;
                })
                .findFirst()
                .map(rollout -> {
                    long previous = facts.rows().get(rollout.id()).previousSequence();
                    Long previousRelease = h.createQuery("SELECT id FROM release WHERE device_class_id = :cls "
                                    + "AND sequence_number = :seq")
                            .bind("cls", rollout.classDbId()).bind("seq", previous)
                            .mapTo(Long.class).findOne().orElse(null);
                    return new RollbackOrder(rollout.id(), rollout.releaseId(), device.installedSequence(),
                            previousRelease, previous, RollbackOrder.REASON);
                });
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
