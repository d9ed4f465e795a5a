package io.drover.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutSafetyTest {
    @Test
    void keepsWindowsInCanonicalFormWhateverTheyWereWrittenIn() {
        SafetyWindow window = new SafetyWindow(List.of("sun", "SAT", "Saturday"), "01:00:00", "PT240M");

        assertThat(window).isEqualTo(new SafetyWindow(List.of("SATURDAY", "SUNDAY"), "01:00", "PT4H"));
        assertThat(window.days()).containsExactly("SATURDAY", "SUNDAY");
        assertThat(window.dayOfWeeks()).isEqualTo(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
        assertThat(window.startTime()).isEqualTo(LocalTime.of(1, 0));
        assertThat(window.duration()).isEqualTo(Duration.ofHours(4));
        assertThat(new SafetyWindow(null, "22:30", "PT2H").dayOfWeeks()).hasSize(7);
    }

    @Test
    void readsDaysInFullOrByThreeLettersOnly() {
        assertThat(SafetyWindow.day("mon")).contains(DayOfWeek.MONDAY);
        assertThat(SafetyWindow.day(" Wednesday ")).contains(DayOfWeek.WEDNESDAY);
        assertThat(SafetyWindow.day("TU")).isEmpty();
        assertThat(SafetyWindow.day("THURS")).isEmpty();
        assertThat(SafetyWindow.day(null)).isEmpty();
    }

    @Test
    void defaultsToUtcAndKeepsAttributes() {
        RolloutSafety safety = new RolloutSafety(null, null, Map.of("in_depot", "true"));

        assertThat(safety.timeZone()).isEqualTo("UTC");
        assertThat(safety.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(safety.windows()).isEmpty();
        assertThat(safety.attributes()).containsExactly(Map.entry("in_depot", "true"));
    }

    @Test
    void refusesWhatIsNoSafetyConditionNamingTheField() {
        SafetyWindow nightly = new SafetyWindow(null, "02:00", "PT1H");
        assertInvalid(() -> new SafetyWindow(List.of(), "02:00", "PT1H"), "safety.windows[].days must name at least one");
        assertInvalid(() -> new SafetyWindow(List.of("FRY"), "02:00", "PT1H"), "not 'FRY'");
        assertInvalid(() -> new SafetyWindow(null, "2am", "PT1H"), "safety.windows[].start must be a time of day");
        assertInvalid(() -> new SafetyWindow(null, null, "PT1H"), "safety.windows[].start is required");
        assertInvalid(() -> new SafetyWindow(null, "02:00", null), "safety.windows[].length is required");
        assertInvalid(() -> new SafetyWindow(null, "02:00", "PT0S"), "more than 0 and at most 7 days");
        assertInvalid(() -> new SafetyWindow(null, "02:00", "P7DT1S"), "more than 0 and at most 7 days");
        assertInvalid(() -> new RolloutSafety("Mars/Olympus", List.of(nightly), null), "safety.timeZone");
        assertInvalid(() -> new RolloutSafety(null, Collections.singletonList(null), null), "not null");
        assertInvalid(() -> new RolloutSafety(null, Collections.nCopies(33, nightly), null), "at most 32 windows");
        assertInvalid(() -> new RolloutSafety(null, null, Map.of("group", "canary")), "'group' is no attribute name");
        assertInvalid(() -> new RolloutSafety(null, null, Map.of("9lives", "x")), "'9lives' is no attribute name");
        assertInvalid(() -> new RolloutSafety(null, null, Map.of("in_depot", " ")), "safety.attributes.in_depot");
        assertInvalid(() -> new RolloutSafety(null, null, IntStream.range(0, 33).boxed()
                .collect(Collectors.toMap(i -> "a" + i, i -> "x"))), "at most 32 attributes");
        assertInvalid(() -> new RolloutSafety("UTC", List.of(), Map.of()), "at least one window or attribute");
        assertThat(new SafetyWindow(null, "02:00", "P7D").duration()).isEqualTo(Duration.ofDays(7));
    }

    private static void assertInvalid(Runnable construction, String message) {
        assertThatThrownBy(construction::run).isInstanceOfSatisfying(DroverException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(RolloutSafety.INVALID);
            assertThat(e.errorCode().code()).isEqualTo("rollout.invalid");
            assertThat(e.getMessage()).contains(message);
        });
    }
}
