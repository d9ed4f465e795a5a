package io.drover.server.artifact;

import io.drover.error.DroverException;
import io.drover.error.RangeErrors;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One satisfiable byte range of a resource, from an HTTP {@code Range} header (RFC 9110 §14.1.2). Drover serves single
 * ranges, which is what resuming a download needs; a header naming several ranges is answered with the whole body.
 */
public record ByteRange(long first, long last, long total) {
    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public ByteRange {
        if (first < 0 || last < first || last >= total) {
            throw new IllegalArgumentException("not a range of a " + total + "-byte resource: " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value of a 206 answer. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /**
     * The range that {@code header} asks of a {@code total}-byte resource; empty when the whole resource is to be sent
     * (no header, or a form Drover does not serve partially).
     *
     * @throws DroverException {@link RangeErrors#NOT_SATISFIABLE} when the range starts past the end
     */
    public static Optional<ByteRange> parse(String header, long total) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || total == 0) {
                    throw unsatisfiable(header, total);
                }
                return Optional.of(new ByteRange(Math.max(0, total - suffix), total - 1, total));
            }
            long first = Long.parseLong(m.group(1));
            long last = m.group(2).isEmpty() ? total - 1 : Math.min(Long.parseLong(m.group(2)), total - 1);
            if (first >= total) {
                throw unsatisfiable(header, total);
            }
            if (last < first) {
                throw new DroverException(RangeErrors.BAD_RANGE, "the range '" + header + "' ends before it starts");
            }
            return Optional.of(new ByteRange(first, last, total));
        } catch (NumberFormatException e) {
            throw new DroverException(RangeErrors.BAD_RANGE, "the range '" + header + "' has a number too large", e);
        }
    }

    private static DroverException unsatisfiable(String header, long total) {
        return new DroverException(RangeErrors.NOT_SATISFIABLE,
                "the range '" + header + "' lies outside the artifact, which has " + total + " bytes");
    }
}
