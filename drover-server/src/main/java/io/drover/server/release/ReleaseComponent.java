package io.drover.server.release;

import java.util.Objects;

/** One component a release installs: its new version and the artifact (by digest) that carries it. */
public record ReleaseComponent(String component, String version, String sha256, long size) {
    public ReleaseComponent {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
    }
}
