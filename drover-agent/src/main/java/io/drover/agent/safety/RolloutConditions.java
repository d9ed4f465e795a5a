package io.drover.agent.safety;

import io.drover.safety.RolloutSafety;
import io.drover.safety.SafetyWindow;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the safety conditions a rollout sends with its assignment into conditions this device judges: its windows
 * against the agent's clock, its attributes against the device's {@link AttributeSource}. They hold on top of the
 * agent's own {@link SafetyPolicy}, and a policy forced on the device does not skip them: they are the fleet
 * operator's, not the device's.
 */
public final class RolloutConditions {
    private final AttributeSource attributes;
    private final Clock clock;

    public RolloutConditions(AttributeSource attributes, Clock clock) {
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The conditions of {@code safety}; none when the rollout has none. */
    public SafetyPolicy policy(Optional<RolloutSafety> safety) {
        if (safety.isEmpty()) {
            return SafetyPolicy.none();
        }
        List<SafetyCondition> conditions = new ArrayList<>();
        List<Window> windows = safety.get().windows().stream().map(RolloutConditions::window).toList();
        if (!windows.isEmpty()) {
            conditions.add(new MaintenanceWindow(windows, safety.get().zone(), clock));
        }
        safety.get().attributes().forEach((name, value) -> conditions.add(new AttributeEquals(attributes, name, value)));
        return new SafetyPolicy(conditions, false);
    }

    private static Window window(SafetyWindow window) {
        return new Window(window.dayOfWeeks(), window.startTime(), window.duration());
    }
}
