package io.drover.agent.transport;

import io.drover.agent.slot.ImageDigest;
import java.util.Objects;

/**
 * A delta the server offers beside an artifact: an artifact of its own ({@code sha256}, {@code size}, {@code url})
 * that turns the image with {@code baseSha256} and {@code baseSize} into the artifact. The server does not sign it:
 * what it makes is checked against the signed manifest's digest, like any image.
 */
public record DeltaOffer(String sha256, long size, String url, String baseSha256, long baseSize) {
    public DeltaOffer {
        Objects.requireNonNull(url, "url");
        // Validates both digests' shape and the sizes' sign here, at the protocol boundary.
        new ImageDigest(sha256, size);
        new ImageDigest(baseSha256, baseSize);
    }

    /** The delta artifact, as it must download. */
    public ImageDigest digest() {
        return new ImageDigest(sha256, size);
    }

    /** The image the delta starts from. */
    public ImageDigest base() {
        return new ImageDigest(baseSha256, baseSize);
    }
}
