package io.drover.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Verification of inclusion and consistency proofs by the algorithms of RFC 9162, sections 2.1.3.2 and 2.1.4.2, in
 * O(log n) hashes and without the log: what an agent or an offline auditor runs against tree heads it trusts. A proof
 * of the wrong length, for positions outside the trees, or with any altered hash is refused (false), never an
 * exception.
 */
public final class MerkleProofs {
    private MerkleProofs() {}

    /** Whether {@code path} proves the entry with {@code leafHash} is entry {@code index} of the tree with {@code root}. */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size || !wellFormed(path) || leafHash.length != MerkleHashes.SIZE) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashes.node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHashes.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether {@code proof} shows that the tree of {@code secondSize} entries with {@code secondRoot} extends the one
     * of {@code firstSize} entries with {@code firstRoot}: same entries in the same order, only more of them.
     */
    public static boolean verifyConsistency(long firstSize, long secondSize, List<byte[]> proof, byte[] firstRoot,
            byte[] secondRoot) {
        if (firstSize < 0 || firstSize > secondSize || !wellFormed(proof)) {
            return false;
        }
        if (firstSize == secondSize) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (firstSize == 0) {
            return proof.isEmpty(); // the empty tree is a prefix of every tree
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = proof;
        if (Long.bitCount(firstSize) == 1) {
            path = new ArrayList<>(proof.size() + 1);
            path.add(firstRoot);
            path.addAll(proof);
        }
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashes.node(c, fr);
                sr = MerkleHashes.node(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHashes.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    private static boolean wellFormed(List<byte[]> hashes) {
        return hashes.size() <= 64 && hashes.stream().allMatch(h -> h != null && h.length == MerkleHashes.SIZE);
    }
}
