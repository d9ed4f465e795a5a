package io.drover.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    /*
     * The eight leaves and the roots of their prefixes used by the reference tests of Certificate Transparency
     * (certificate-transparency merkle_tree_test, transparency-dev/merkle testdata), RFC 6962 hashing, which RFC 9162
     * keeps for SHA-256.
     */
    private static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");
    private static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    private static final HexFormat HEX = HexFormat.of();
    /** Enough entries for every shape of tree up to five levels, with odd edges at every level. */
    private static final int MAX = 40;

    private final MerkleTree reference =
            MerkleTree.overLeaves(i -> MerkleHashes.leaf(HEX.parseHex(LEAVES.get((int) i))));
    private final MerkleTree counted = MerkleTree.overLeaves(i -> MerkleHashes.leaf(Long.toString(i).getBytes()));

    @Test
    void givesTheReferenceRootsForEveryPrefixAndTheEmptyTree() {
        assertThat(HEX.formatHex(reference.root(0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        for (int size = 1; size <= LEAVES.size(); size++) {
            assertThat(HEX.formatHex(reference.root(size))).as("root of %d", size).isEqualTo(ROOTS.get(size - 1));
        }
    }

    @Test
    void everyInclusionProofVerifiesAndNoAlteredOneDoes() {
        for (long size = 1; size <= MAX; size++) {
            byte[] root = counted.root(size);
            for (long index = 0; index < size; index++) {
                byte[] leaf = MerkleHashes.leaf(Long.toString(index).getBytes());
                List<byte[]> path = counted.inclusionProof(index, size);
                assertThat(MerkleProofs.verifyInclusion(leaf, index, size, path, root))
                        .as("entry %d of %d", index, size).isTrue();

                assertThat(MerkleProofs.verifyInclusion(leaf, index, size, path, counted.root(size + 1))).isFalse();
                assertThat(MerkleProofs.verifyInclusion(MerkleHashes.leaf(new byte[] {1}), index, size, path, root))
                        .isFalse();
                if (size > 1) {
                    assertThat(MerkleProofs.verifyInclusion(leaf, (index + 1) % size, size, path, root)).isFalse();
                    assertThat(MerkleProofs.verifyInclusion(leaf, index, size, path.subList(1, path.size()), root))
                            .isFalse();
                    for (int k = 0; k < path.size(); k++) {
                        assertThat(MerkleProofs.verifyInclusion(leaf, index, size, flipped(path, k), root))
                                .as("hash %d of the path of %d in %d altered", k, index, size).isFalse();
                    }
                }
                List<byte[]> longer = new ArrayList<>(path);
                longer.add(root);
                assertThat(MerkleProofs.verifyInclusion(leaf, index, size, longer, root)).isFalse();
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndNoAlteredOneDoes() {
        for (long second = 1; second <= MAX; second++) {
            byte[] secondRoot = counted.root(second);
            for (long first = 0; first <= second; first++) {
                byte[] firstRoot = counted.root(first);
                List<byte[]> proof = counted.consistencyProof(first, second);
                assertThat(MerkleProofs.verifyConsistency(first, second, proof, firstRoot, secondRoot))
                        .as("%d → %d", first, second).isTrue();
                if (first == 0 || first == second) {
                    assertThat(proof).isEmpty();
                    continue;
                }
                for (int k = 0; k < proof.size(); k++) {
                    assertThat(MerkleProofs.verifyConsistency(first, second, flipped(proof, k), firstRoot, secondRoot))
                            .as("hash %d of %d → %d altered", k, first, second).isFalse();
                }
                // A forked history: a first tree of the same size with one entry changed.
                byte[] forkedRoot = MerkleTree.overLeaves(i -> MerkleHashes.leaf(
                        (i == 0 ? "forged" : Long.toString(i)).getBytes())).root(first);
                assertThat(MerkleProofs.verifyConsistency(first, second, proof, forkedRoot, secondRoot)).isFalse();
                assertThat(MerkleProofs.verifyConsistency(first, second, List.of(), firstRoot, secondRoot)).isFalse();
                assertThat(MerkleProofs.verifyConsistency(first, second + 1, proof, firstRoot, counted.root(second + 1)))
                        .isFalse();
            }
        }
    }

    @Test
    void refusesProofsForPositionsOutsideTheTreeAndMalformedHashes() {
        byte[] root = counted.root(4);
        byte[] leaf = MerkleHashes.leaf("2".getBytes());
        List<byte[]> path = counted.inclusionProof(2, 4);
        assertThat(MerkleProofs.verifyInclusion(leaf, 4, 4, path, root)).isFalse();
        assertThat(MerkleProofs.verifyInclusion(leaf, -1, 4, path, root)).isFalse();
        assertThat(MerkleProofs.verifyInclusion(leaf, 2, 4, List.of(new byte[31], path.get(1)), root)).isFalse();
        assertThat(MerkleProofs.verifyConsistency(5, 4, List.of(), root, root)).isFalse();
        assertThat(MerkleProofs.verifyConsistency(4, 4, List.of(root), root, root)).isFalse();

        assertThatThrownBy(() -> counted.inclusionProof(4, 4)).hasMessageContaining("entry 4 is not in a tree of 4");
        assertThatThrownBy(() -> counted.consistencyProof(5, 4)).hasMessageContaining("cannot grow");
        assertThatThrownBy(() -> counted.root(-1)).hasMessageContaining("must not be negative");
    }

    private static List<byte[]> flipped(List<byte[]> hashes, int which) {
        List<byte[]> copy = new ArrayList<>();
        for (byte[] hash : hashes) {
            copy.add(hash.clone());
        }
        copy.get(which)[7] ^= 0x20;
        return copy;
    }
}
