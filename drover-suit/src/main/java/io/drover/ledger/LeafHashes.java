package io.drover.ledger;

/** The leaf hashes of a log, by index: what tree heads and proofs are computed from. */
@FunctionalInterface
public interface LeafHashes {
    /** The hash ({@link MerkleHashes#leaf}) of entry {@code index}, from 0. */
    byte[] leafHash(long index);
}
