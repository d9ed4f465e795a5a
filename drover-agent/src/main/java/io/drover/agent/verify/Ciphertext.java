package io.drover.agent.verify;

import io.drover.agent.slot.ImageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the device downloads for an encrypted image: the ciphertext artifact its signed uri names, and the
 * SUIT_Encryption_Info to decrypt it with. The image's own digest stays the plaintext's.
 *
 * @param encryptionInfo the component's suit-parameter-encryption-info; copied in and out
 * @param digest the ciphertext artifact's SHA-256 (from the signed uri) and size (from the server; the digest pins it)
 */
public record Ciphertext(byte[] encryptionInfo, ImageDigest digest) {
    public Ciphertext {
        encryptionInfo = Objects.requireNonNull(encryptionInfo, "encryptionInfo").clone();
        Objects.requireNonNull(digest, "digest");
    }

    @Override
    public byte[] encryptionInfo() {
        return encryptionInfo.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ciphertext other && Arrays.equals(encryptionInfo, other.encryptionInfo)
                && digest.equals(other.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encryptionInfo) * 31 + digest.hashCode();
    }

    @Override
    public String toString() {
        return "Ciphertext[digest=" + digest + "]";
    }
}
