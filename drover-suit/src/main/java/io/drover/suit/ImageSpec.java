package io.drover.suit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * One component's new image in a release: where to fetch it and what it must hash to.
 *
 * @param component the component name; becomes a one-segment SUIT component identifier
 * @param version   the human-readable version, carried as the component's suit-text component-version
 * @param sha256    the SHA-256 of the image (32 bytes); copied in and out
 * @param size      the image size in bytes
 * @param uri       where the device fetches the image
 * @param encryptionInfo the SUIT_Encryption_Info (a tagged COSE_Encrypt, e.g. from
 *                  {@code io.drover.suit.encryption.PayloadEncryptor}) when the image at {@code uri} is encrypted;
 *                  {@code sha256} and {@code size} still describe the plaintext, as the SUIT encryption draft says;
 *                  copied in and out
 */
public record ImageSpec(String component, String version, byte[] sha256, long size, String uri,
        Optional<byte[]> encryptionInfo) {
    public ImageSpec {
        requireText(component, "component");
        requireText(version, "version");
        requireText(uri, "uri");
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes, got " + sha256.length);
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        sha256 = sha256.clone();
        encryptionInfo = Objects.requireNonNull(encryptionInfo, "encryptionInfo").map(byte[]::clone);
    }

    /** An image served in plaintext. */
    public ImageSpec(String component, String version, byte[] sha256, long size, String uri) {
        this(component, version, sha256, size, uri, Optional.empty());
    }

    /** The same image, served encrypted under {@code encryptionInfo}. */
    public ImageSpec withEncryptionInfo(byte[] encryptionInfo) {
        return new ImageSpec(component, version, sha256, size, uri, Optional.of(encryptionInfo));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public Optional<byte[]> encryptionInfo() {
        return encryptionInfo.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageSpec other
                && component.equals(other.component)
                && version.equals(other.version)
                && Arrays.equals(sha256, other.sha256)
                && size == other.size
                && uri.equals(other.uri)
                && Arrays.equals(encryptionInfo.orElse(null), other.encryptionInfo.orElse(null));
    }

    @Override
    public int hashCode() {
        return Objects.hash(component, version, Arrays.hashCode(sha256), size, uri,
                Arrays.hashCode(encryptionInfo.orElse(null)));
    }

    @Override
    public String toString() {
        return "ImageSpec[component=" + component + ", version=" + version + ", sha256=" + HexFormat.of().formatHex(sha256)
                + ", size=" + size + ", uri=" + uri + ", encrypted=" + encryptionInfo.isPresent() + "]";
    }
}
