package io.drover.suit.report;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One CBOR data item kept as its encoding, compared by content: report properties are SUIT parameter values of any
 * shape, and a report must carry them exactly as the manifest gave them.
 */
public record CborBytes(byte[] encoded) {
    public CborBytes {
        encoded = Objects.requireNonNull(encoded, "encoded").clone();
        if (encoded.length == 0) {
            throw new IllegalArgumentException("a CBOR item has at least one byte");
        }
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CborBytes other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "CborBytes[" + HexFormat.of().formatHex(encoded) + "]";
    }
}
