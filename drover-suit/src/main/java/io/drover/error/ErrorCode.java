package io.drover.error;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A stable, machine-readable error code such as {@code release.sequence-not-increasing}.
 *
 * <p>Codes are part of Drover's public API: clients match on {@link #code()}, never on the message. Each feature declares
 * its own codes as constants; the {@link Category} says how a transport maps them (HTTP status, CoAP code) in one place.
 */
public record ErrorCode(String code, Category category) {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+");

    /** What kind of failure a code stands for; transports map categories, not individual codes. */
    public enum Category {
        /** The input could not be parsed or is structurally invalid. */
        MALFORMED,
        /** No valid credential was presented. */
        UNAUTHENTICATED,
        /** The credential is valid but its holder may not do this (wrong role, or approving one's own change). */
        FORBIDDEN,
        /** The named thing does not exist. */
        NOT_FOUND,
        /** The input is well-formed but conflicts with the current state (e.g. a replayed sequence number). */
        CONFLICT,
        /** The input is well-formed but fails a security or consistency check (signature, digest, class). */
        REJECTED,
        /** The input exceeds a configured size limit. */
        TOO_LARGE,
        /** A requested byte range lies outside the resource. */
        RANGE_NOT_SATISFIABLE,
        /** A fault inside Drover, not caused by the input. */
        INTERNAL
    }

    public ErrorCode {
        Objects.requireNonNull(category, "category");
        if (code == null || !SHAPE.matcher(code).matches()) {
            throw new IllegalArgumentException("error code must look like 'feature.what-went-wrong': " + code);
        }
    }

    @Override
    public String toString() {
        return code;
    }
}
