package io.drover.safety;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether recurring maintenance windows are open at an instant, and when the next one opens: the one reading of
 * windows that a device's agent and the server (for devices without an agent, such as LwM2M clients) share.
 */
public final class WindowCalendar {
    /** A window is at most 7 days long, so one that is open now started within the last 8 local dates. */
    private static final int LOOK_BACK_DAYS = 8;
    private static final int LOOK_AHEAD_DAYS = 8;

    /**
     * One recurring window: it opens at {@code start} local time on each of {@code days} and stays open for
     * {@code length} of elapsed time. A start that a daylight-saving change skips opens at the first instant after
     * the gap (see {@link ZonedDateTime#of}).
     */
    public record Opening(Set<DayOfWeek> days, LocalTime start, Duration length) {
        public Opening {
            days = Set.copyOf(days);
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(length, "length");
        }
    }

    /** Open at the instant asked about, or closed until {@code nextOpening} (empty when none opens within a week). */
    public record Answer(boolean open, Optional<Instant> nextOpening) {}

    private WindowCalendar() {
    }

    /** Whether any of {@code openings} is open at {@code now} in {@code zone}. */
    public static Answer at(List<Opening> openings, ZoneId zone, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        Optional<Instant> next = Optional.empty();
        for (Opening opening : openings) {
            for (int offset = -LOOK_BACK_DAYS; offset <= LOOK_AHEAD_DAYS; offset++) {
                LocalDate date = today.plusDays(offset);
                if (!opening.days().contains(date.getDayOfWeek())) {
                    continue;
                }
                Instant opens = ZonedDateTime.of(date, opening.start(), zone).toInstant();
                if (!now.isBefore(opens) && now.isBefore(opens.plus(opening.length()))) {
                    return new Answer(true, Optional.empty());
                }
                if (opens.isAfter(now) && next.map(opens::isBefore).orElse(true)) {
                    next = Optional.of(opens);
                }
            }
        }
        return new Answer(false, next);
    }

    /** The opening a rollout's window describes. */
    public static Opening of(SafetyWindow window) {
        return new Opening(window.dayOfWeeks(), window.startTime(), window.duration());
    }
}
