package io.drover.server.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * A rehearsal result as part of a rollout's record, with the server's verdict on it.
 *
 * @param at when the server received it
 * @param actor who recorded it
 */
public record RecordedRehearsal(Instant at, String actor, RehearsalVerdict verdict, RehearsalResult result) {
    public RecordedRehearsal {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(result, "result");
    }
}
