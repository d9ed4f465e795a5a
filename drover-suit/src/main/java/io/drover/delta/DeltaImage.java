package io.drover.delta;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** An image a delta starts from or makes: its SHA-256 (lowercase hex) and its size in bytes. */
public record DeltaImage(String sha256, long size) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public DeltaImage {
        Objects.requireNonNull(sha256, "sha256");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    static DeltaImage of(byte[] sha256, long size) {
        return new DeltaImage(HexFormat.of().formatHex(sha256), size);
    }

    @Override
    public String toString() {
        return sha256 + " (" + size + " bytes)";
    }
}
