package io.drover.ledger;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a log states about itself at one moment: how many entries it has and their root hash.
 *
 * @param size the number of entries
 * @param timestamp when the head was issued, to the millisecond
 * @param rootHash MTH of the entries
 */
public record TreeHead(long size, Instant timestamp, byte[] rootHash) {
    public TreeHead {
        if (size < 0) {
            throw new IllegalArgumentException("a tree head's size must not be negative: " + size);
        }
        timestamp = Instant.ofEpochMilli(Objects.requireNonNull(timestamp, "timestamp").toEpochMilli());
        if (rootHash == null || rootHash.length != MerkleHashes.SIZE) {
            throw new IllegalArgumentException("a root hash has " + MerkleHashes.SIZE + " bytes");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /**
     * The bytes a head's signature covers, laid out as RFC 9162's TreeHeadDataV2 (section 4.10): uint64 timestamp in
     * milliseconds, uint64 tree size, the root hash with its one-byte length, and an empty extensions list (two zero
     * bytes). Any tool that reads that structure can check a Drover head.
     */
    public byte[] signedData() {
        return ByteBuffer.allocate(8 + 8 + 1 + MerkleHashes.SIZE + 2)
                .putLong(timestamp.toEpochMilli())
                .putLong(size)
                .put((byte) MerkleHashes.SIZE)
                .put(rootHash)
                .putShort((short) 0)
                .array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead other && size == other.size && timestamp.equals(other.timestamp)
                && Arrays.equals(rootHash, other.rootHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(size, timestamp, Arrays.hashCode(rootHash));
    }

    @Override
    public String toString() {
        return "TreeHead[size=" + size + ", timestamp=" + timestamp + ", root=" + HexFormat.of().formatHex(rootHash) + "]";
    }
}
