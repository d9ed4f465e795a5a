package io.drover.suit.encryption;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the plaintext must be, from the manifest: its SHA-256 and size. The manifest describes the plaintext image
 * (draft-ietf-suit-firmware-encryption), so these are checked after decryption and before the sink commits.
 */
public record ExpectedPlaintext(Optional<byte[]> sha256, OptionalLong size) {
    public ExpectedPlaintext {
        sha256 = Objects.requireNonNull(sha256, "sha256").map(byte[]::clone);
        Objects.requireNonNull(size, "size");
        sha256.ifPresent(d -> {
            if (d.length != 32) {
                throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + d.length);
            }
        });
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size.getAsLong());
        }
    }

    /** The image digest and size a manifest gives: the check every install should use. */
    public static ExpectedPlaintext image(byte[] sha256, long size) {
        return new ExpectedPlaintext(Optional.of(sha256), OptionalLong.of(size));
    }

    public static ExpectedPlaintext sha256(byte[] sha256) {
        return new ExpectedPlaintext(Optional.of(sha256), OptionalLong.empty());
    }

    /** No expectation: only an AES-GCM tag then vouches for the output, and AES-CTR is refused. */
    public static ExpectedPlaintext none() {
        return new ExpectedPlaintext(Optional.empty(), OptionalLong.empty());
    }

    @Override
    public Optional<byte[]> sha256() {
        return sha256.map(byte[]::clone);
    }
}
