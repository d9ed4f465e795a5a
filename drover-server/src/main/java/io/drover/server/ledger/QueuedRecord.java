package io.drover.server.ledger;

import java.time.Instant;

/** A record waiting in {@code ledger_queue} for its place in the log, as the sequencer takes it. */
record QueuedRecord(long id, String kind, String actor, String subject, String deviceId, Long releaseId,
        Long rolloutId, String details, Instant recordedAt) {}
