package io.drover.agent.transport;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An envelope named by the SHA-256 of its bytes, as the HTTP device API serves it to any device,
 * {@code /device/v1/envelopes/<sha256>} (over CoAP, {@code /e/<sha256>}): how a gateway asks its server for the
 * envelopes it caches, whatever transport it speaks.
 *
 * @param sha256Hex the envelope's SHA-256, 64 lowercase hex digits
 */
public record EnvelopeAddress(String sha256Hex) {
    public static final String PATH_PREFIX = "/device/v1/envelopes/";
    private static final Pattern PATH = Pattern.compile(Pattern.quote(PATH_PREFIX) + "([0-9a-f]{64})");

    public EnvelopeAddress {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 is 64 lowercase hex digits, got " + sha256Hex.length()
                    + " characters");
        }
    }

    /** The envelope {@code path} names: exactly {@link #PATH_PREFIX} and a digest, else empty. */
    public static Optional<EnvelopeAddress> parse(String path) {
        var matcher = PATH.matcher(Objects.requireNonNull(path, "path"));
        return matcher.matches() ? Optional.of(new EnvelopeAddress(matcher.group(1))) : Optional.empty();
    }

    /** The relative uri, {@code /device/v1/envelopes/<sha256>}. */
    public String uri() {
        return PATH_PREFIX + sha256Hex;
    }
}
