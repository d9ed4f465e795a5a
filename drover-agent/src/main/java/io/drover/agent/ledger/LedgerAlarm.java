package io.drover.agent.ledger;

import io.drover.ledger.PublishedTreeHead;
import java.time.Instant;
import java.util.Objects;

/**
 * The server showed this device a ledger head that does not extend the one it kept: the server forked its history (or
 * its ledger key signed something it should not have). While an alarm stands the device installs nothing.
 *
 * @param reason what did not hold, for the operator
 * @param kept the head the device kept and still keeps; null when it kept none yet
 * @param offered the head the server showed
 * @param raisedAt when the device saw it
 */
public record LedgerAlarm(String reason, PublishedTreeHead kept, PublishedTreeHead offered, Instant raisedAt) {
    public LedgerAlarm {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(offered, "offered");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }
}
