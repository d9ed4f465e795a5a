package io.drover.agent.slot;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** What a component image must be: its SHA-256 (lowercase hex) and its size in bytes. */
public record ImageDigest(String sha256, long size) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ImageDigest {
        Objects.requireNonNull(sha256, "sha256");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    public static ImageDigest of(byte[] sha256, long size) {
        return new ImageDigest(HexFormat.of().formatHex(sha256), size);
    }

    /** Reads {@code image} to its end and returns its digest and size. */
    public static ImageDigest of(InputStream image) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = image.read(buffer)) != -1; ) {
            sha256.update(buffer, 0, n);
            size += n;
        }
        return new ImageDigest(HexFormat.of().formatHex(sha256.digest()), size);
    }
}
