package io.drover.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.ledger.CompactRange;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.Subtree;
import io.drover.ledger.SubtreeHashes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashTileTest {
    private static final int ENTRIES = 70_000;

    private static byte[] leaf(long i) {
        return MerkleHashes.leaf(("entry " + i).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEdgeTakenUpHalfwayCompletesTheSameTilesOfEveryLevelAsOneFedThroughout() {
        CompactRange range = CompactRange.empty();
        Map<Long, byte[][]> stored = new HashMap<>();
        TileEdge throughout = TileEdge.ofLog(0, seqs -> Map.of());
        TileEdge first = throughout.copy();
        TileEdge second = null;
        List<HashTile> whole = new ArrayList<>();
        List<HashTile> inTwoParts = new ArrayList<>();
        for (long seq = 0; seq < ENTRIES; seq++) {
            byte[][] upward = TileEdge.upward(leaf(seq), concat(range.append(leaf(seq))));
            if (seq == 40_000) {
                // Another node takes up the edge from the stored entries, mid-tile at both tile levels.
                second = TileEdge.ofLog(seq, seqs -> {
                    assertThat(seqs).hasSizeLessThan(2 * HashTile.WIDTH);
                    Map<Long, byte[][]> read = new HashMap<>();
                    seqs.forEach(s -> read.put(s, stored.get(s)));
                    return read;
                });
            }
            stored.put(seq, upward);
            whole.addAll(throughout.add(seq, upward));
            inTwoParts.addAll((second == null ? first : second).add(seq, upward));
        }

        assertThat(inTwoParts).extracting(HashTile::key).containsExactlyElementsOf(
                whole.stream().map(HashTile::key).toList());
        for (int i = 0; i < whole.size(); i++) {
            assertThat(inTwoParts.get(i).hashes()).isEqualTo(whole.get(i).hashes());
        }
        assertThat(whole.stream().filter(t -> t.level() == 0)).hasSize(ENTRIES / HashTile.WIDTH);
        assertThat(whole.stream().filter(t -> t.level() == 1)).extracting(HashTile::index).containsExactly(0L);

        SubtreeHashes reference = SubtreeHashes.fromLeaves(HashTileTest::leaf);
        HashTile levelOne = whole.stream().filter(t -> t.level() == 1).findFirst().orElseThrow();
        for (HashTile tile : List.of(whole.get(0), whole.get(200), levelOne)) {
            for (int height = 0; height < HashTile.HEIGHT; height++) {
                int level = HashTile.HEIGHT * tile.level() + height;
                long firstIndex = tile.index() << (HashTile.HEIGHT - height);
                for (long index = firstIndex; index < firstIndex + (HashTile.WIDTH >> height); index++) {
                    var subtree = new Subtree(level, index);
                    assertThat(HashTile.Key.of(subtree)).isEqualTo(tile.key());
                    assertThat(tile.hashOf(subtree)).as("%s", subtree)
                            .isEqualTo(reference.hashesOf(List.of(subtree)).get(subtree));
                }
            }
        }
    }

    @Test
    void misuseIsRefusedClearly() {
        TileEdge edge = TileEdge.ofLog(0, seqs -> Map.of());
        assertThatThrownBy(() -> edge.add(1, new byte[][] {leaf(1)}))
                .hasMessageContaining("expects entry 0, not 1");
        var tile = new HashTile(0, 2, new byte[HashTile.BYTES]);
        assertThatThrownBy(() -> tile.hashOf(new Subtree(0, 3))).hasMessageContaining("does not hold");
        assertThatThrownBy(() -> tile.hashOf(new Subtree(8, 2))).hasMessageContaining("does not hold");
        assertThatThrownBy(() -> new HashTile(0, 0, new byte[32])).hasMessageContaining("16320 bytes");
    }

    private static byte[] concat(List<byte[]> hashes) {
        var out = new ByteArrayOutputStream();
        hashes.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
