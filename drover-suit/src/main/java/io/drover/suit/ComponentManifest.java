package io.drover.suit;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The effective parameters of one component after the manifest's shared, payload-fetch and install sequences have
 * set them. Where a try-each offers alternatives, the first one counts, as a processor tries it first.
 *
 * @param imageSha256 the image digest when the manifest gives it as SHA-256 (32 bytes); copied in and out
 * @param version     the suit-text component-version (text key 6), when the manifest carries text for this component
 * @param encryptionInfo the suit-parameter-encryption-info (19): the SUIT_Encryption_Info (COSE_Encrypt) the image
 *                    at {@code uri} is encrypted under; digest and size describe the plaintext; copied in and out
 */
public record ComponentManifest(ComponentId id, Optional<UUID> vendorId, Optional<UUID> classId,
        Optional<byte[]> imageSha256, OptionalLong imageSize, Optional<String> uri, Optional<String> version,
        Optional<byte[]> encryptionInfo) {
    public ComponentManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vendorId, "vendorId");
        Objects.requireNonNull(classId, "classId");
        Objects.requireNonNull(imageSize, "imageSize");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(version, "version");
        imageSha256 = Objects.requireNonNull(imageSha256, "imageSha256").map(byte[]::clone);
        imageSha256.ifPresent(d -> {
            if (d.length != 32) {
                throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + d.length);
            }
        });
        encryptionInfo = Objects.requireNonNull(encryptionInfo, "encryptionInfo").map(byte[]::clone);
    }

    /** A component whose image is not encrypted. */
    public ComponentManifest(ComponentId id, Optional<UUID> vendorId, Optional<UUID> classId,
            Optional<byte[]> imageSha256, OptionalLong imageSize, Optional<String> uri, Optional<String> version) {
        this(id, vendorId, classId, imageSha256, imageSize, uri, version, Optional.empty());
    }

    @Override
    public Optional<byte[]> encryptionInfo() {
        return encryptionInfo.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> imageSha256() {
        return imageSha256.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentManifest other
                && id.equals(other.id)
                && vendorId.equals(other.vendorId)
                && classId.equals(other.classId)
                && Arrays.equals(imageSha256.orElse(null), other.imageSha256.orElse(null))
                && imageSize.equals(other.imageSize)
                && uri.equals(other.uri)
                && version.equals(other.version)
                && Arrays.equals(encryptionInfo.orElse(null), other.encryptionInfo.orElse(null));
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, vendorId, classId, Arrays.hashCode(imageSha256.orElse(null)), imageSize, uri, version,
                Arrays.hashCode(encryptionInfo.orElse(null)));
    }

    @Override
    public String toString() {
        return "ComponentManifest[id=" + id.displayName() + ", vendorId=" + vendorId + ", classId=" + classId
                + ", imageSha256=" + imageSha256.map(HexFormat.of()::formatHex) + ", imageSize=" + imageSize
                + ", uri=" + uri + ", version=" + version + ", encrypted=" + encryptionInfo.isPresent() + "]";
    }
}
