package io.drover.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
    private static final int MAX = 70;

    private static byte[] leaf(long index) {
        return MerkleHashes.leaf(Long.toString(index).getBytes());
    }

    @Test
    void appendingGivesTheRootOfEveryPrefix() {
        MerkleTree reference = MerkleTree.overLeaves(CompactRangeTest::leaf);
        CompactRange range = CompactRange.empty();
        assertThat(range.root()).isEqualTo(MerkleHashes.emptyRoot());
        for (long size = 1; size <= MAX; size++) {
            range.append(leaf(size - 1));
            assertThat(range.size()).isEqualTo(size);
            assertThat(range.root()).as("root of %d", size).isEqualTo(reference.root(size));
        }
    }

    /** Keeping each leaf and the subtrees its append completed is enough for every head and proof of every size. */
    @Test
    void theSubtreesEachAppendCompletesAnswerEveryProofLikeTheLeaves() {
        Map<Subtree, byte[]> kept = new HashMap<>();
        CompactRange range = CompactRange.empty();
        for (long index = 0; index < MAX; index++) {
            kept.put(new Subtree(0, index), leaf(index));
            List<byte[]> completed = range.append(leaf(index));
            assertThat(completed).hasSize(Long.numberOfTrailingZeros(~index));
            for (int level = 1; level <= completed.size(); level++) {
                kept.put(new Subtree(level, index >> level), completed.get(level - 1));
            }
        }
        MerkleTree stored = MerkleTree.overSubtrees(subtrees -> {
            Map<Subtree, byte[]> answer = new HashMap<>();
            subtrees.forEach(s -> answer.put(s, kept.get(s)));
            return answer;
        });
        MerkleTree reference = MerkleTree.overLeaves(CompactRangeTest::leaf);
        for (long size = 1; size <= MAX; size++) {
            assertThat(stored.root(size)).isEqualTo(reference.root(size));
            for (long index = 0; index < size; index++) {
                assertThat(stored.inclusionProof(index, size)).containsExactlyElementsOf(reference.inclusionProof(index, size));
                assertThat(stored.consistencyProof(index, size))
                        .containsExactlyElementsOf(reference.consistencyProof(index, size));
            }
        }
    }

    @Test
    void resumesFromTheHashesOfItsSubtrees() {
        CompactRange grown = CompactRange.empty();
        for (long index = 0; index < 13; index++) {
            grown.append(leaf(index));
        }
        MerkleTree reference = MerkleTree.overLeaves(CompactRangeTest::leaf);
        List<Subtree> parts = CompactRange.subtreesOf(13);
        assertThat(parts).containsExactly(new Subtree(3, 0), new Subtree(2, 2), new Subtree(0, 12));
        List<byte[]> hashes = parts.stream()
                .map(s -> SubtreeHashes.fromLeaves(CompactRangeTest::leaf).hashesOf(List.of(s)).get(s)).toList();

        CompactRange resumed = CompactRange.of(13, hashes);
        resumed.append(leaf(13));
        grown.append(leaf(13));
        assertThat(resumed.root()).isEqualTo(grown.root()).isEqualTo(reference.root(14));

        CompactRange trial = resumed.copy();
        trial.append(leaf(14));
        assertThat(resumed.size()).isEqualTo(14);
        assertThatThrownBy(() -> CompactRange.of(13, hashes.subList(0, 2))).hasMessageContaining("3 subtree hashes");
        assertThatThrownBy(() -> resumed.append(new byte[31])).hasMessageContaining("32 bytes");
    }
}
