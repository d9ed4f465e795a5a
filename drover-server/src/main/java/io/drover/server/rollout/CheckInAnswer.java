package io.drover.server.rollout;

import java.util.Optional;

/** What a check-in tells a device: to roll back as ordered, to install an assignment, or nothing (at most one). */
public record CheckInAnswer(Optional<Assignment> assignment, Optional<RollbackOrder> rollback) {
    public CheckInAnswer {
        if (assignment.isPresent() && rollback.isPresent()) {
            throw new IllegalArgumentException("a check-in answers a rollback or an assignment, never both");
        }
    }

    static CheckInAnswer assign(Optional<Assignment> assignment) {
        return new CheckInAnswer(assignment, Optional.empty());
    }

    static CheckInAnswer rollBack(RollbackOrder order) {
        return new CheckInAnswer(Optional.empty(), Optional.of(order));
    }

    /** A strong validator of the answer: each of its kinds is fixed by the ids its validator names. */
    public String etag() {
        return rollback.map(RollbackOrder::etag)
                .orElseGet(() -> assignment.map(Assignment::etag).orElse(Assignment.NONE_ETAG));
    }
}
