package io.drover.safety;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A recurring maintenance window as sent: it opens at {@code start} local time on each of {@code days} and stays
 * open for {@code length} (more than 0, at most 7 days), so it may run past midnight. Days are named in full
 * ({@code SATURDAY}) or by their first three letters ({@code SAT}), in any case; left out, every day. The record
 * keeps full upper-case names, {@code HH:mm[:ss]} and ISO-8601 text.
 */
public record SafetyWindow(List<String> days, String start, String length) {
    private static final Duration LONGEST = Duration.ofDays(7);

    public SafetyWindow {
        days = dayNames(days);
        start = startTime(start).toString();
        length = duration(length).toString();
    }

    public Set<DayOfWeek> dayOfWeeks() {
        Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        days.forEach(day -> set.add(DayOfWeek.valueOf(day)));
        return set;
    }

    public LocalTime startTime() {
        return LocalTime.parse(start);
    }

    public Duration duration() {
        return Duration.parse(length);
    }

    /** A day's full name from its full name or its first three letters, in any case; empty when it is neither. */
    public static Optional<DayOfWeek> day(String name) {
        String upper = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || upper.length() == 3 && day.name().startsWith(upper)) {
                return Optional.of(day);
            }
        }
        return Optional.empty();
    }

    private static List<String> dayNames(List<String> names) {
        if (names == null) {
            return EnumSet.allOf(DayOfWeek.class).stream().map(DayOfWeek::name).toList();
        }
        if (names.isEmpty()) {
            throw RolloutSafety.invalid("safety.windows[].days must name at least one day (leave it out for every day)");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String name : names) {
            days.add(day(name).orElseThrow(() -> RolloutSafety.invalid(
                    "safety.windows[].days must name days such as SATURDAY or SAT, not '" + name + "'")));
        }
        return days.stream().map(DayOfWeek::name).toList();
    }

    private static LocalTime startTime(String text) {
        if (text == null) {
            throw RolloutSafety.invalid("safety.windows[].start is required, a time of day such as 01:00");
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw RolloutSafety.invalid("safety.windows[].start must be a time of day such as 01:00, not '" + text + "'");
        }
    }

    private static Duration duration(String text) {
        if (text == null) {
            throw RolloutSafety.invalid("safety.windows[].length is required, an ISO-8601 duration such as PT4H");
        }
        Duration length;
        try {
            length = Duration.parse(text);
        } catch (DateTimeException e) {
            throw RolloutSafety.invalid("safety.windows[].length must be an ISO-8601 duration such as PT4H, not '"
                    + text + "'");
        }
        if (!length.isPositive() || length.compareTo(LONGEST) > 0) {
            throw RolloutSafety.invalid("safety.windows[].length must be more than 0 and at most 7 days, not " + text);
        }
        return length;
    }
}
