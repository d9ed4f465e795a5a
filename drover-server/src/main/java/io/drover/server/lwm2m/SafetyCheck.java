package io.drover.server.lwm2m;

import io.drover.safety.RolloutSafety;
import io.drover.safety.WindowCalendar;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A rollout's safety conditions, judged by the server for an LwM2M device, which runs no Drover agent to judge them:
 * the windows on the server's clock in the rollout's time zone, the attributes against those the device's Device
 * object stated. The reasons read as the agent's do.
 */
final class SafetyCheck {
    private SafetyCheck() {
    }

    /** Why the device must wait now; empty when every condition holds. */
    static Optional<String> waiting(RolloutSafety safety, Map<String, String> attributes, Instant now) {
        if (!safety.windows().isEmpty()) {
            WindowCalendar.Answer answer = WindowCalendar.at(
                    safety.windows().stream().map(WindowCalendar::of).toList(), safety.zone(), now);
            if (!answer.open()) {
                return Optional.of(answer.nextOpening()
                        .map(at -> "maintenance window opens " + at.atZone(safety.zone()).toOffsetDateTime())
                        .orElse("maintenance window closed"));
            }
        }
        for (var condition : safety.attributes().entrySet()) {
            String actual = attributes.get(condition.getKey());
            if (actual == null) {
                return Optional.of("attribute " + condition.getKey() + " is not reported, needs "
                        + condition.getValue());
            }
            if (!actual.equals(condition.getValue())) {
                return Optional.of("attribute " + condition.getKey() + " is " + actual + ", needs "
                        + condition.getValue());
            }
        }
        return Optional.empty();
    }
}
