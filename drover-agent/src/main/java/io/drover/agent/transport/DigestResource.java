package io.drover.agent.transport;

import io.drover.suit.ArtifactAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the device API serves to any device by digest, as each transport names it: artifacts
 * ({@code /device/v1/artifacts/<name>}, over CoAP {@code /a/<name>}) and envelopes
 * ({@code /device/v1/envelopes/<name>}, {@code /e/<name>}). A name is a SHA-256 in 64 lowercase hex digits or its
 * first {@link #MIN_NAME_DIGITS} or more, as the server's CoAP check-in names artifacts; the server answers with the
 * one it stores whose digest starts with the name (none when two do), and over HTTP states the whole digest as the
 * ETag. A gateway fetches by these names.
 */
public enum DigestResource {
    ARTIFACT(ArtifactAddress.PATH_PREFIX, "a"),
    ENVELOPE("/device/v1/envelopes/", "e");

    /** The fewest hex digits of a digest that name something (the server's rule). */
    public static final int MIN_NAME_DIGITS = 16;
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{" + MIN_NAME_DIGITS + ",64}");

    private final String httpPrefix;
    private final String coapResource;

    DigestResource(String httpPrefix, String coapResource) {
        this.httpPrefix = httpPrefix;
        this.coapResource = coapResource;
    }

    /** Whether {@code name} is a SHA-256 or its first {@link #MIN_NAME_DIGITS} or more lowercase hex digits. */
    public static boolean isName(String name) {
        return NAME.matcher(Objects.requireNonNull(name, "name")).matches();
    }

    /** The one-letter CoAP resource: {@code a} or {@code e}. */
    public String coapResource() {
        return coapResource;
    }

    /** {@code /device/v1/artifacts/<name>} or {@code /device/v1/envelopes/<name>}. */
    public String httpPath(String name) {
        return httpPrefix + requireName(name);
    }

    /** {@code /a/<name>} or {@code /e/<name>}. */
    public String coapPath(String name) {
        return "/" + coapResource + "/" + requireName(name);
    }

    /** The CoAP path of what {@code path} names by digest over HTTP or CoAP, else empty. */
    public static Optional<String> coapPathOf(String path) {
        for (DigestResource resource : values()) {
            for (String prefix : new String[] {resource.httpPrefix, "/" + resource.coapResource + "/"}) {
                if (path.startsWith(prefix) && isName(path.substring(prefix.length()))) {
                    return Optional.of(resource.coapPath(path.substring(prefix.length())));
                }
            }
        }
        return Optional.empty();
    }

    private static String requireName(String name) {
        if (!isName(name)) {
            throw new IllegalArgumentException("a digest name is 16 to 64 lowercase hex digits: " + name);
        }
        return name;
    }
}
