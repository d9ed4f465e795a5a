package io.drover.suit.report;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One component of a device's inventory: the version it runs and, when the device knows it, the SHA-256 and size
 * of its image.
 */
public record InventoryEntry(String version, Optional<Image> image) {
    public InventoryEntry {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(image, "image");
    }

    /** An image as measured: its SHA-256 (lowercase hex) and its size in bytes. */
    public record Image(String sha256, long size) {
        private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

        public Image {
            Objects.requireNonNull(sha256, "sha256");
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 hex digits: " + sha256);
            }
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative: " + size);
            }
        }
    }
}
