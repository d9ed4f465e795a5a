package io.drover.agent.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.agent.testing.SettableClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final SettableClock clock = new SettableClock(Instant.EPOCH);

    private MaintenanceWindow window(Window... windows) {
        return new MaintenanceWindow(List.of(windows), BERLIN, clock);
    }

    private Verdict at(MaintenanceWindow condition, String instant) {
        clock.set(Instant.parse(instant));
        return condition.check();
    }

    @Test
    void holdsInsideADailyWindowInTheDevicesTimeZoneAndWaitsOutsideIt() {
        MaintenanceWindow nightly = window(Window.daily(LocalTime.of(2, 0), Duration.ofHours(2)));

        // 02:30 in Berlin in winter (UTC+1) is 01:30 UTC.
        assertThat(at(nightly, "2026-11-28T01:30:00Z")).isEqualTo(new Verdict.Holds());
        assertThat(at(nightly, "2026-11-28T03:00:00Z")).isEqualTo(new Verdict.Waiting(
                "maintenance window opens 2026-11-29T02:00+01:00", Optional.of(Instant.parse("2026-11-29T01:00:00Z"))));
        assertThat(at(nightly, "2026-11-28T00:59:59Z")).isInstanceOf(Verdict.Waiting.class);
    }

    @Test
    void weeklyWindowStaysOpenAcrossMidnightIntoTheNextDay() {
        // Saturday 22:00 for 4 hours: open until Sunday 02:00 local time.
        MaintenanceWindow saturdayNight = window(Window.weekly(DayOfWeek.SATURDAY, LocalTime.of(22, 0),
                Duration.ofHours(4)));

        assertThat(at(saturdayNight, "2026-11-28T20:59:00Z")).isInstanceOf(Verdict.Waiting.class);
        assertThat(at(saturdayNight, "2026-11-28T21:00:00Z")).isEqualTo(new Verdict.Holds());
        assertThat(at(saturdayNight, "2026-11-29T00:30:00Z")).isEqualTo(new Verdict.Holds());
        assertThat(at(saturdayNight, "2026-11-29T01:00:00Z")).isEqualTo(new Verdict.Waiting(
                "maintenance window opens 2026-12-05T22:00+01:00", Optional.of(Instant.parse("2026-12-05T21:00:00Z"))));
    }

    @Test
    void windowStartingInTheSpringForwardGapOpensRightAfterIt() {
        // On 2026-03-29 Berlin skips from 02:00 to 03:00; a 02:30 start happens at 03:30 CEST (01:30 UTC).
        MaintenanceWindow nightly = window(Window.daily(LocalTime.of(2, 30), Duration.ofHours(1)));

        assertThat(at(nightly, "2026-03-29T01:00:00Z")).isEqualTo(new Verdict.Waiting(
                "maintenance window opens 2026-03-29T03:30+02:00", Optional.of(Instant.parse("2026-03-29T01:30:00Z"))));
        assertThat(at(nightly, "2026-03-29T01:45:00Z")).isEqualTo(new Verdict.Holds());
        // A day later the window is back at 02:30 local time, now UTC+2.
        assertThat(at(nightly, "2026-03-30T00:45:00Z")).isEqualTo(new Verdict.Holds());
    }

    @Test
    void windowLengthIsElapsedTimeAcrossTheAutumnChange() {
        // On 2026-10-25 Berlin repeats 02:00-03:00; a window from 01:00 for 3 hours closes at 03:00 local (02:00 UTC).
        MaintenanceWindow nightly = window(Window.daily(LocalTime.of(1, 0), Duration.ofHours(3)));

        assertThat(at(nightly, "2026-10-24T23:00:00Z")).isEqualTo(new Verdict.Holds());
        assertThat(at(nightly, "2026-10-25T01:59:00Z")).isEqualTo(new Verdict.Holds());
        assertThat(at(nightly, "2026-10-25T02:00:00Z")).isInstanceOf(Verdict.Waiting.class);
    }

    @Test
    void holdsWhenAnyOfSeveralWindowsIsOpenAndWaitsForTheEarliestNext() {
        MaintenanceWindow condition = window(
                Window.weekly(DayOfWeek.SUNDAY, LocalTime.of(3, 0), Duration.ofHours(1)),
                Window.daily(LocalTime.of(12, 0), Duration.ofMinutes(30)));

        assertThat(at(condition, "2026-11-28T11:10:00Z")).isEqualTo(new Verdict.Holds());
        assertThat(at(condition, "2026-11-28T13:00:00Z")).isEqualTo(new Verdict.Waiting(
                "maintenance window opens 2026-11-29T03:00+01:00", Optional.of(Instant.parse("2026-11-29T02:00:00Z"))));
    }
}
