package io.drover.ledger;

import java.util.HexFormat;
import java.util.List;

/**
 * An inclusion or consistency proof as the ledger API writes it in JSON: the hashes in hex, in the order of RFC 9162.
 *
 * @param kind {@code inclusion} (of entry {@code first} in the tree of {@code second} entries) or {@code consistency}
 *     (of the tree of {@code first} entries with the tree of {@code second})
 */
public record PublishedProof(String kind, long first, long second, List<String> hashes) {
    public static final String INCLUSION = "inclusion";
    public static final String CONSISTENCY = "consistency";

    public PublishedProof {
        hashes = List.copyOf(hashes);
    }

    public static PublishedProof of(String kind, long first, long second, List<byte[]> hashes) {
        return new PublishedProof(kind, first, second, hashes.stream().map(HexFormat.of()::formatHex).toList());
    }

    /** The hashes as bytes; {@link IllegalArgumentException} when one is not hex. */
    public List<byte[]> decodedHashes() {
        return hashes.stream().map(HexFormat.of()::parseHex).toList();
    }
}
