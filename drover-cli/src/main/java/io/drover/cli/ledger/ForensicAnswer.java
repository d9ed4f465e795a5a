package io.drover.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.MerkleProofs;
import io.drover.ledger.SignedTreeHead;
import io.drover.suit.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks a forensic answer (docs/LEDGER.md) without trusting the server that gave it: its head is signed by the
 * ledger key, every entry it lists is in that head by its inclusion proof, and every entry it refers to is listed.
 * What the answer states is then read from those entries alone.
 */
final class ForensicAnswer {
    private final JsonNode answer;
    private final SignedTreeHead head;
    private final Map<Long, String> entries = new HashMap<>();

    private ForensicAnswer(JsonNode answer, SignedTreeHead head) {
        this.answer = answer;
        this.head = head;
    }

    /** Reads an answer; {@link IllegalArgumentException} when it is not one. */
    static ForensicAnswer of(JsonNode answer) {
        var read = new ForensicAnswer(answer, ServerLedger.head(answer.path("head")));
        for (JsonNode entry : answer.path("entries")) {
            read.entries.put(entry.path("index").asLong(-1), entry.path("entry").asText(""));
        }
        return read;
    }

    SignedTreeHead head() {
        return head;
    }

    /** The entries the answer rests on, by index, exactly as hashed. */
    Map<Long, String> entries() {
        return entries;
    }

    /** The first reason not to believe the answer, if any. */
    Optional<String> problem(VerificationKey ledgerKey) {
        if (!head.verifiedBy(ledgerKey)) {
            return Optional.of("its head of size " + head.head().size() + " is not signed by the ledger key "
                    + ledgerKey.keyId());
        }
        for (JsonNode entry : answer.path("entries")) {
            long index = entry.path("index").asLong(-1);
            byte[] leaf = MerkleHashes.leaf(entry.path("entry").asText("").getBytes(StandardCharsets.UTF_8));
            List<byte[]> proof;
            try {
                proof = new ArrayList<>();
                for (JsonNode hash : entry.path("proof")) {
                    proof.add(HexFormat.of().parseHex(hash.asText()));
                }
            } catch (IllegalArgumentException e) {
                return Optional.of("entry " + index + ": its proof is not hex");
            }
            if (!MerkleProofs.verifyInclusion(leaf, index, head.head().size(), proof, head.head().rootHash())) {
                return Optional.of("entry " + index + ": its inclusion proof does not verify in the head of size "
                        + head.head().size());
            }
        }
        for (long referred : referredEntries()) {
            if (!entries.containsKey(referred)) {
                return Optional.of("it refers to entry " + referred + " without listing it with its proof");
            }
        }
        return Optional.empty();
    }

    /** Every entry index the answer's statements refer to: fields named {@code entry} or ending in {@code Entry}. */
    private TreeSet<Long> referredEntries() {
        var referred = new TreeSet<Long>();
        collect(answer, referred, false);
        return referred;
    }

    private static void collect(JsonNode node, TreeSet<Long> referred, boolean insideEntries) {
        node.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equals("entries") && !insideEntries) {
                return; // the listed entries themselves
            }
            if ((name.equals("entry") || name.endsWith("Entry")) && value.canConvertToLong()) {
                referred.add(value.asLong());
            } else if (value.isObject()) {
                collect(value, referred, insideEntries);
            } else if (value.isArray()) {
                value.forEach(item -> collect(item, referred, insideEntries));
            }
        });
    }
}
