package io.drover.cli.release;

import io.drover.cli.payload.PayloadEncryption;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a vendor writes to describe a release (JSON), for example:
 *
 * <pre>{@code
 * {"vendorId": "fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe", "classId": "1492af14-2569-5e48-bf42-9b2d51f2ab45",
 *  "sequenceNumber": 2,
 *  "components": [{"name": "app", "version": "1.1.0", "artifact": "app-1.1.0.bin"}]}
 * }</pre>
 *
 * Artifact paths are relative to the description file. A component's {@code uri} is optional: by default the device
 * fetches the image from its server's artifact address. A component's optional {@code encryption} (see
 * {@link PayloadEncryption}) has the artifact encrypted for the keys it names.
 */
public record ReleaseDescription(UUID vendorId, UUID classId, Long sequenceNumber, List<Component> components) {
    public ReleaseDescription {
        Objects.requireNonNull(vendorId, "the description needs a vendorId");
        Objects.requireNonNull(classId, "the description needs a classId");
        Objects.requireNonNull(sequenceNumber, "the description needs a sequenceNumber");
        if (components == null || components.isEmpty()) {
            throw new IllegalArgumentException("the description needs at least one component");
        }
        components = List.copyOf(components);
    }

    /** One component of the release. */
    public record Component(String name, String version, String artifact, String uri, PayloadEncryption encryption) {
        public Component {
            Objects.requireNonNull(name, "a component needs a name");
            Objects.requireNonNull(version, "component " + name + " needs a version");
            Objects.requireNonNull(artifact, "component " + name + " needs an artifact file");
        }

        /** A component shipped in plaintext. */
        public Component(String name, String version, String artifact, String uri) {
            this(name, version, artifact, uri, null);
        }
    }
}
