package io.drover.server.ledger;

import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened, as a feature hands it to the ledger: what kind, who did it, what it concerns (each
 * optional) and its details. The ledger adds its position, the server time and the previous entry's hash.
 *
 * @param kind what happened
 * @param actor who did it: a user, a device id, or {@code drover} for the server's own decisions
 * @param deviceId the device it concerns, if any
 * @param releaseId the release it concerns, if any
 * @param rolloutId the rollout it concerns, if any
 * @param details the rest, written as a JSON object in the entry (map values: strings, numbers, booleans, lists, maps)
 */
public record LedgerRecord(EntryKind kind, String actor, String deviceId, Long releaseId, Long rolloutId,
        Map<String, ?> details) {
    public LedgerRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        details = details == null ? Map.of() : details;
    }
}
