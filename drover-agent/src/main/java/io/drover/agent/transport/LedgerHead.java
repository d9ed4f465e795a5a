package io.drover.agent.transport;

import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's answer to {@code GET /device/v1/ledger/head}: the ledger's latest signed head, and the proof that it
 * extends the head of the size the device asked about, when there is one to give.
 */
public record LedgerHead(PublishedTreeHead head, Optional<PublishedProof> consistency) {
    public LedgerHead {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(consistency, "consistency");
    }
}
