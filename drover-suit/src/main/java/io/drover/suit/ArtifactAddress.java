package io.drover.suit;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address of an artifact a Drover server stores, {@code /device/v1/artifacts/<sha256>}: relative to the server, or
 * an absolute http(s) URL with that path. An encrypted component's uri names its ciphertext this way, and since the
 * uri is inside the signed manifest, the ciphertext's digest is authenticated as well as the plaintext's. Server and
 * agent both read it through {@link #parse}, so they cannot disagree on which artifact carries a component.
 *
 * @param sha256Hex the artifact's SHA-256, 64 lowercase hex digits
 */
public record ArtifactAddress(String sha256Hex) {
    public static final String PATH_PREFIX = "/device/v1/artifacts/";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ArtifactAddress {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (!SHA256_HEX.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("a SHA-256 is 64 lowercase hex digits, got " + sha256Hex.length()
                    + " characters");
        }
    }

    public static ArtifactAddress of(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + sha256.length);
        }
        return new ArtifactAddress(HexFormat.of().formatHex(sha256));
    }

    /**
     * The artifact {@code uri} names, or empty when it names none: anything but exactly the artifact path (relative,
     * or under an http(s) host) with a lowercase digest, and no query or fragment, which a server would ignore.
     */
    public static Optional<ArtifactAddress> parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(Objects.requireNonNull(uri, "uri"));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        boolean relative = parsed.getScheme() == null && parsed.getRawAuthority() == null;
        boolean absolute = ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))
                && parsed.getHost() != null;
        String path = parsed.getRawPath();
        if (!(relative || absolute) || parsed.getRawQuery() != null || parsed.getRawFragment() != null
                || path == null || !path.startsWith(PATH_PREFIX)) {
            return Optional.empty();
        }
        String digest = path.substring(PATH_PREFIX.length());
        return SHA256_HEX.matcher(digest).matches() ? Optional.of(new ArtifactAddress(digest)) : Optional.empty();
    }

    /** The relative uri, {@code /device/v1/artifacts/<sha256>}. */
    public String uri() {
        return PATH_PREFIX + sha256Hex;
    }
}
