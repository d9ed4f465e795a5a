package io.drover.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.safety.RolloutSafety;
import io.drover.safety.SafetyWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rollout's safety conditions as the server judges them for an LwM2M device. */
class SafetyCheckTest {
    private static final RolloutSafety SATURDAY_NIGHTS = new RolloutSafety("Europe/Berlin",
            List.of(new SafetyWindow(List.of("SAT"), "01:00", "PT4H")), Map.of());

    @Test
    void closedWindowWaitsForItsNextOpening() {
        // Friday 2026-11-27, 12:00 in Berlin
        assertThat(SafetyCheck.waiting(SATURDAY_NIGHTS, Map.of(), Instant.parse("2026-11-27T11:00:00Z")))
                .hasValue("maintenance window opens 2026-11-28T01:00+01:00");
    }

    @Test
    void openWindowHolds() {
        assertThat(SafetyCheck.waiting(SATURDAY_NIGHTS, Map.of(), Instant.parse("2026-11-28T02:30:00Z"))).isEmpty();
    }

    @Test
    void attributesMustBeStatedWithTheValue() {
        RolloutSafety model = new RolloutSafety(null, List.of(), Map.of("model", "M2"));
        Instant now = Instant.parse("2026-11-28T02:30:00Z");
        assertThat(SafetyCheck.waiting(model, Map.of(), now)).hasValue("attribute model is not reported, needs M2");
        assertThat(SafetyCheck.waiting(model, Map.of("model", "M1"), now)).hasValue("attribute model is M1, needs M2");
        assertThat(SafetyCheck.waiting(model, Map.of("model", "M2"), now)).isEmpty();
    }
}
