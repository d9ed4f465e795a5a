package io.drover.agent.safety;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumSet;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Set;

/**
 * A recurring maintenance window: it opens at {@code start} local time on each of {@code days} and stays open for
 * {@code length} of elapsed time, so a window may run past midnight (Saturday 22:00 for 4 hours ends Sunday 02:00).
 * A start that a daylight-saving change skips opens at the first instant after the gap; see
 * {@link java.time.ZonedDateTime#of}.
 */
public record Window(Set<DayOfWeek> days, LocalTime start, Duration length) {
    public Window {
        days = Set.copyOf(Objects.requireNonNull(days, "days"));
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a window needs at least one day");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(length, "length");
        if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a window's length must be within (0, 7 days]: " + length);
        }
    }

    public static Window daily(LocalTime start, Duration length) {
        return new Window(EnumSet.allOf(DayOfWeek.class), start, length);
    }

    public static Window weekly(DayOfWeek day, LocalTime start, Duration length) {
        return new Window(EnumSet.of(day), start, length);
    }
}
