package io.drover.agent.safety;

import io.drover.safety.WindowCalendar;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/** Holds while any of the windows is open in the device's time zone. */
public final class MaintenanceWindow implements SafetyCondition {
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
        List<WindowCalendar.Opening> openings = windows.stream()
                .map(w -> new WindowCalendar.Opening(w.days(), w.start(), w.length())).toList();
        WindowCalendar.Answer answer = WindowCalendar.at(openings, zone, clock.instant());
        if (answer.open()) {
            return new Verdict.Holds();
        }
        String reason = answer.nextOpening().map(at -> "maintenance window opens " + at.atZone(zone).toOffsetDateTime())
                .orElse("maintenance window closed");
        return new Verdict.Waiting(reason, answer.nextOpening());
    }

    @Override
    public String toString() {
        return "maintenance window " + windows + " in " + zone;
    }
}
