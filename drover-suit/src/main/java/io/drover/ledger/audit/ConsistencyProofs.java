package io.drover.ledger.audit;

import io.drover.error.DroverException;
import java.util.List;

/** Where an audit of a live ledger gets consistency proofs: the server, whose answers it checks, never trusts. */
@FunctionalInterface
public interface ConsistencyProofs {
    /**
     * PROOF(first, D[0:second]) as the server answers it; {@link DroverException} when the server refuses, which the
     * audit reports as a problem of the head of size {@code second}.
     */
    List<byte[]> consistencyProof(long first, long second);
}
