package io.drover.server.ledger;

import java.util.List;

/**
 * A ledger entry a forensic answer rests on, with what proves it is in the log: its position, its bytes exactly as
 * hashed, and its inclusion proof (hex, RFC 9162 PATH) in the tree of the answer's signed head.
 */
public record ProvenEntry(long index, String entry, List<String> proof) {
    public ProvenEntry {
        proof = List.copyOf(proof);
    }
}
