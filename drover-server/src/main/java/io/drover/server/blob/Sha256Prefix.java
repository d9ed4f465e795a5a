package io.drover.server.blob;

import io.drover.error.DroverException;
import java.util.regex.Pattern;

/**
 * A SHA-256 in 64 lowercase hex digits, or its first {@link #MIN_DIGITS} or more: how artifacts and envelopes are
 * named where every request carries the name (CoAP blocks), and how gateways ask the server for what their devices
 * named so. It names whatever stored digest starts with it, which callers require to be exactly one.
 */
public record Sha256Prefix(String hex) {
    /**
     * The fewest hex digits that name something: 64 bits. Artifacts keep them unique (an upload whose digest starts
     * like a stored artifact's is refused), so that far from being a guess a short name is an artifact's for good.
     */
    public static final int MIN_DIGITS = 16;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + MIN_DIGITS + ",64}");

    public Sha256Prefix {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new DroverException(BlobErrors.BAD_DIGEST, "an artifact or envelope is named by its SHA-256 or the "
                    + "first " + MIN_DIGITS + " or more of its 64 lowercase hex digits, got: "
                    + Sha256.abbreviate(hex));
        }
    }

    /** The short name of {@code digest}: its first {@link #MIN_DIGITS} hex digits, which uploads keep unique. */
    public static Sha256Prefix shortNameOf(Sha256 digest) {
        return new Sha256Prefix(digest.hex().substring(0, MIN_DIGITS));
    }

    /** Whether it is the whole digest. */
    public boolean whole() {
        return hex.length() == 64;
    }

    /** The whole digest it is; only when {@link #whole()}. */
    public Sha256 sha256() {
        return new Sha256(hex);
    }

    /**
     * The least digest it names: with {@link #pastHighest()}, the range {@code from <= digest < to} of the digests it
     * names. A range and not {@code LIKE 'prefix%'}, because PostgreSQL uses a text index for {@code LIKE} only under
     * the C collation (or with {@code text_pattern_ops}), and scans the whole table otherwise; a range uses the primary
     * key's index under any collation, and lowercase hex digits sort alike in all of them.
     */
    public String lowest() {
        return hex;
    }

    /** Just past the greatest digest it names: the prefix followed by {@code g}, which sorts after every hex digit. */
    public String pastHighest() {
        return hex + "g";
    }

    @Override
    public String toString() {
        return hex;
    }
}
