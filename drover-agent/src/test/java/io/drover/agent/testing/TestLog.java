package io.drover.agent.testing;

import io.drover.ledger.MerkleHashes;
import io.drover.ledger.MerkleTree;
import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.TreeHead;
import io.drover.suit.CoseSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A ledger in memory that signs its heads like the server's, and answers a device's head request as it does. */
public final class TestLog {
    private final CoseSigner key;
    private final List<byte[]> leaves = new ArrayList<>();

    public TestLog(CoseSigner key) {
        this.key = key;
    }

    public TestLog append(String... entries) {
        for (String entry : entries) {
            leaves.add(MerkleHashes.leaf(entry.getBytes(StandardCharsets.UTF_8)));
        }
        return this;
    }

    /** Another log, signed by the same key, sharing this one's first {@code keep} entries. */
    public TestLog fork(int keep) {
        TestLog other = new TestLog(key);
        other.leaves.addAll(leaves.subList(0, keep));
        return other;
    }

    public SignedTreeHead head() {
        return SignedTreeHead.sign(new TreeHead(leaves.size(), AgentHarness.NOW, tree().root(leaves.size())), key);
    }

    /** What {@code GET /device/v1/ledger/head?since=SINCE} answers. */
    public Map<String, Object> answer(long since) {
        long size = leaves.size();
        Map<String, Object> answer = new HashMap<>();
        answer.put("head", PublishedTreeHead.of(head()));
        answer.put("consistency", since > 0 && since < size
                ? PublishedProof.of(PublishedProof.CONSISTENCY, since, size, tree().consistencyProof(since, size))
                : null);
        return answer;
    }

    private MerkleTree tree() {
        List<byte[]> snapshot = List.copyOf(leaves);
        return MerkleTree.overLeaves(index -> snapshot.get((int) index));
    }
}
