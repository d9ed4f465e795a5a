package io.drover.cli.rollout;

import io.drover.error.DroverException;
import io.drover.server.rollout.wave.Wave;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --wave PERCENT:SOAK:SUCCESS[:MAXFAIL]}: the cumulative share of the target the wave reaches, its
 * minimum soak (ISO-8601, e.g. {@code PT1H}), the share of its devices that must succeed, and optionally how many of
 * them may fail before the rollout halts, as a count ({@code 3}) or a share ({@code 2%}). Shares may end in {@code %}.
 */
final class WaveOption implements ITypeConverter<Wave> {
    @Override
    public Wave convert(String value) {
        String[] parts = value.split(":", -1);
        if (parts.length < 3 || parts.length > 4) {
            throw new TypeConversionException("'" + value + "' is not PERCENT:SOAK:SUCCESS[:MAXFAIL], e.g. 10:PT1H:95:2%");
        }
        double percent = share(parts[0], "PERCENT");
        Duration soak = soak(parts[1]);
        double success = share(parts[2], "SUCCESS");
        Long maxFailures = null;
        Double maxFailurePercent = null;
        if (parts.length == 4) {
            if (parts[3].endsWith("%")) {
                maxFailurePercent = share(parts[3], "MAXFAIL");
            } else {
                maxFailures = count(parts[3]);
            }
        }
        try {
            return new Wave(percent, soak, success, maxFailures, maxFailurePercent);
        } catch (DroverException e) {
            throw new TypeConversionException("'" + value + "': " + e.getMessage());
        }
    }

    private static double share(String text, String part) {
        String number = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        try {
            return Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(part + " '" + text + "' is not a number (of percent)");
        }
    }

    private static Duration soak(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("SOAK '" + text + "' is not an ISO-8601 duration such as PT0S, PT30M or P1D");
        }
    }

    private static long count(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("MAXFAIL '" + text + "' is neither a count of devices (3) nor a share (2%)");
        }
    }
}
