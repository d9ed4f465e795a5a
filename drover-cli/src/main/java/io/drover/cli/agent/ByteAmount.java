package io.drover.cli.agent;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an amount of bytes as an operator writes it: a rate in bytes per second ({@code 262144}, {@code 256KiB/s},
 * {@code 1.5 MB/s}) or a size ({@code 1073741824}, {@code 1GiB}, {@code 500 MB}).
 */
final class ByteAmount {
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([kKMG]i?B|B)/s)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKMGT]i?B|B)?");
    private static final Map<String, Long> UNITS = Map.of("B", 1L,
            "kB", 1_000L, "KB", 1_000L, "MB", 1_000_000L, "GB", 1_000_000_000L, "TB", 1_000_000_000_000L,
            "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30, "TiB", 1L << 40);

    private ByteAmount() {}

    /** Whole bytes per second, at least 1; anything else is an {@link IllegalArgumentException}. */
    static long rate(String text) {
        return parse(RATE, text, "byte rate");
    }

    /** Whole bytes, at least 1; anything else is an {@link IllegalArgumentException}. */
    static long size(String text) {
        return parse(SIZE, text, "byte size");
    }

    private static long parse(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a " + what + ": " + text);
        }
        Long unit = matcher.group(2) == null ? Long.valueOf(1) : UNITS.get(matcher.group(2));
        if (unit == null) {
            throw new IllegalArgumentException("unknown unit in " + text);
        }
        BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit));
        if (bytes.compareTo(BigDecimal.ONE) < 0 || bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("out of range: " + text);
        }
        return bytes.longValue();
    }
}
