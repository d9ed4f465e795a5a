package io.drover.suit.encryption;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The result of encrypting one payload.
 *
 * @param encryptionInfo  the encoded SUIT_Encryption_Info (tagged COSE_Encrypt, ciphertext detached), for the
 *                        manifest's suit-parameter-encryption-info; copied in and out
 * @param plaintextSha256 the SHA-256 of the plaintext, which the manifest's image digest holds; copied in and out
 * @param plaintextSize   the plaintext size, which the manifest's image size holds
 * @param ciphertextSize  the size of the ciphertext written (plaintext plus a 16-byte tag for GCM)
 */
public record EncryptedPayload(byte[] encryptionInfo, byte[] plaintextSha256, long plaintextSize, long ciphertextSize) {
    public EncryptedPayload {
        encryptionInfo = Objects.requireNonNull(encryptionInfo, "encryptionInfo").clone();
        plaintextSha256 = Objects.requireNonNull(plaintextSha256, "plaintextSha256").clone();
    }

    @Override
    public byte[] encryptionInfo() {
        return encryptionInfo.clone();
    }

    @Override
    public byte[] plaintextSha256() {
        return plaintextSha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptedPayload other
                && Arrays.equals(encryptionInfo, other.encryptionInfo)
                && Arrays.equals(plaintextSha256, other.plaintextSha256)
                && plaintextSize == other.plaintextSize && ciphertextSize == other.ciphertextSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(encryptionInfo), Arrays.hashCode(plaintextSha256),
                plaintextSize, ciphertextSize);
    }

    @Override
    public String toString() {
        return "EncryptedPayload[plaintextSha256=" + HexFormat.of().formatHex(plaintextSha256) + ", plaintextSize="
                + plaintextSize + ", ciphertextSize=" + ciphertextSize + "]";
    }
}
