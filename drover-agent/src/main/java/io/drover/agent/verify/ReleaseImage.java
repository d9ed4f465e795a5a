package io.drover.agent.verify;

import io.drover.agent.slot.ComponentNames;
import io.drover.agent.slot.ImageDigest;
import java.util.Objects;

/**
 * One image of a verified release: what the signed manifest says it must be, and where the server offers it.
 *
 * @param version the version the inventory reports once it runs
 */
public record ReleaseImage(String component, String version, ImageDigest digest, String url) {
    public ReleaseImage {
        ComponentNames.requireValid(component);
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(url, "url");
    }
}
