package io.drover.server.ledger;

import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;

/**
 * What a device is told of the ledger: the latest signed head, and the consistency proof from the size it asked
 * about to the head's size (null when it asked about none, or about a size that is not smaller than the head's).
 */
public record DeviceHead(PublishedTreeHead head, PublishedProof consistency) {}
