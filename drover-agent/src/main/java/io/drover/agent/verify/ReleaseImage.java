package io.drover.agent.verify;

import io.drover.agent.slot.ComponentNames;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.transport.DeltaOffer;
import java.util.Objects;
import java.util.Optional;

/**
 * One image of a verified release: what the signed manifest says it must be, and where the server offers it.
 *
 * @param version the version the inventory reports once it runs
 * @param digest the image as it must land in the slot (the plaintext, for an encrypted image)
 * @param url where the server offers the artifact: the image itself, or its ciphertext
 * @param ciphertext present when the artifact at {@code url} is the image encrypted
 * @param delta a delta the server offers for a plaintext image, from an image the device may run; unsigned, so
 *     only its result, checked against {@code digest}, is trusted
 */
public record ReleaseImage(String component, String version, ImageDigest digest, String url,
        Optional<Ciphertext> ciphertext, Optional<DeltaOffer> delta) {
    public ReleaseImage {
        ComponentNames.requireValid(component);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(delta, "delta");
        if (ciphertext.isPresent() && delta.isPresent()) {
            throw new IllegalArgumentException("an encrypted image has no delta: the server never sees its plaintext");
        }
    }

    /** An image the server offers in plaintext. */
    public ReleaseImage(String component, String version, ImageDigest digest, String url) {
        this(component, version, digest, url, Optional.empty(), Optional.empty());
    }
}
