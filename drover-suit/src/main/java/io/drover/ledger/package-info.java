/**
 * The Merkle tree of Drover's append-only ledger, in the shape of RFC 9162 (Certificate Transparency 2.0), section
 * 2.1: leaf and node hashes with domain separation ({@link io.drover.ledger.MerkleHashes}), the tree head of any
 * prefix of the log, and the inclusion and consistency proofs with their verification
 * ({@link io.drover.ledger.MerkleProofs}). Pure and transport-free, so that the server, the agents (which check that
 * each tree head they see extends the last) and offline verifiers share one implementation.
 */
package io.drover.ledger;
