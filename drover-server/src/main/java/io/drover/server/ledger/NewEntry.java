package io.drover.server.ledger;

import java.time.Instant;

/** A row of {@code ledger_entry} the sequencer is about to write. */
record NewEntry(long seq, byte[] body, byte[] leafHash, byte[] completed, String kind, String subject, Long releaseId,
        Long rolloutId, Instant recordedAt) {}
