package io.drover.agent.verify;

import io.drover.suit.VerificationKey;
import io.drover.suit.report.ManifestReference;
import java.util.List;
import java.util.Objects;

/**
 * A release whose manifest passed every check: safe to download and install on this device.
 *
 * @param manifest the manifest's URI and digest, which the device's reports on it name
 */
public record VerifiedRelease(long sequenceNumber, List<ReleaseImage> images, VerificationKey signer,
        ManifestReference manifest) {
    public VerifiedRelease {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(manifest, "manifest");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a release installs at least one image");
        }
    }
}
