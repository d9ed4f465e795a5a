package io.drover.server.delta;

/** Where the delta of one (base, target) pair stands; see the migration that made its table. */
enum DeltaStatus {
    /** A node is making it. */
    PENDING,
    /** Made, and small enough to offer. */
    READY,
    /** Made, but too large a share of the target to be worth offering. */
    TOO_LARGE,
    /** Could not be made; not tried again. */
    FAILED
}
