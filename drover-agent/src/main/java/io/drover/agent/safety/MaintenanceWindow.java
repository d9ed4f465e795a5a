package io.drover.agent.safety;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Holds while any of the windows is open in the device's time zone. */
public final class MaintenanceWindow implements SafetyCondition {
    /** A window is at most 7 days long, so one that is open now started within the last 8 local dates. */
    private static final int LOOK_BACK_DAYS = 8;
    private static final int LOOK_AHEAD_DAYS = 8;

    private final List<Window> windows;
    private final ZoneId zone;
    private final Clock clock;

    public MaintenanceWindow(List<Window> windows, ZoneId zone, Clock clock) {
        this.windows = List.copyOf(Objects.requireNonNull(windows, "windows"));
        if (this.windows.isEmpty()) {
            throw new IllegalArgumentException("a maintenance window condition needs at least one window");
        }
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Verdict check() {
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        Optional<Instant> next = Optional.empty();
        for (Window window : windows) {
            for (int offset = -LOOK_BACK_DAYS; offset <= LOOK_AHEAD_DAYS; offset++) {
                LocalDate date = today.plusDays(offset);
                if (!window.days().contains(date.getDayOfWeek())) {
                    continue;
                }
                Instant opens = ZonedDateTime.of(date, window.start(), zone).toInstant();
                Instant closes = opens.plus(window.length());
                if (!now.isBefore(opens) && now.isBefore(closes)) {
                    return new Verdict.Holds();
                }
                if (opens.isAfter(now) && next.map(opens::isBefore).orElse(true)) {
                    next = Optional.of(opens);
                }
            }
        }
        String reason = next.map(at -> "maintenance window opens " + at.atZone(zone).toOffsetDateTime())
                .orElse("maintenance window closed");
        return new Verdict.Waiting(reason, next);
    }

    @Override
    public String toString() {
        return "maintenance window " + windows + " in " + zone;
    }
}
