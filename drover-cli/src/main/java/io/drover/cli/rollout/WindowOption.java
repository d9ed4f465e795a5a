package io.drover.cli.rollout;

import io.drover.error.DroverException;
import io.drover.safety.SafetyWindow;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --window [DAYS@]START+LENGTH}, a rollout's maintenance window: e.g. {@code SAT,SUN@01:00+PT4H}, or
 * {@code 22:00+PT2H} for every day. Days, times and lengths read as in the {@code safety} JSON ({@link SafetyWindow}).
 */
final class WindowOption implements ITypeConverter<SafetyWindow> {
    @Override
    public SafetyWindow convert(String value) {
        int at = value.indexOf('@');
        int plus = value.lastIndexOf('+');
        if (plus < at + 1) {
            throw new TypeConversionException("'" + value + "' is not [DAYS@]START+LENGTH, e.g. SAT,SUN@01:00+PT4H");
        }
        List<String> days = at < 0 ? null : Arrays.asList(value.substring(0, at).split(",", -1));
        try {
            return new SafetyWindow(days, value.substring(at + 1, plus), value.substring(plus + 1));
        } catch (DroverException e) {
            throw new TypeConversionException("'" + value + "': " + e.getMessage());
        }
    }
}
