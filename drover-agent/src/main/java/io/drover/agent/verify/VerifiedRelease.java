package io.drover.agent.verify;

import io.drover.suit.VerificationKey;
import java.util.List;
import java.util.Objects;

/** A release whose manifest passed every check: safe to download and install on this device. */
public record VerifiedRelease(long sequenceNumber, List<ReleaseImage> images, VerificationKey signer) {
    public VerifiedRelease {
        images = List.copyOf(Objects.requireNonNull(images, "images"));
        Objects.requireNonNull(signer, "signer");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a release installs at least one image");
        }
    }
}
