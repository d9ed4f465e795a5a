package io.drover.server.rollout.wave;

import java.util.List;
import java.util.Optional;

/**
 * How a rollout widens: its waves in order (cumulative percents, strictly rising, the last at 100), an optional
 * named canary group whose devices all belong to the first wave, and an optional post-install health gate.
 */
public record WavePlan(List<Wave> waves, Optional<String> canaryGroup, Optional<HealthGate> healthGate) {
    public static final int MAX_WAVES = 20;

    public WavePlan {
        waves = List.copyOf(waves);
        if (waves.isEmpty() || waves.size() > MAX_WAVES) {
            throw Wave.invalid("a rollout needs 1 to " + MAX_WAVES + " waves, got " + waves.size());
        }
        for (int i = 1; i < waves.size(); i++) {
            if (waves.get(i).percent() <= waves.get(i - 1).percent()) {
                throw Wave.invalid("wave percents are cumulative and must rise: wave " + (i + 1) + " has "
                        + waves.get(i).percent() + " after " + waves.get(i - 1).percent());
            }
        }
        if (waves.getLast().percent() != 100) {
            throw Wave.invalid("the last wave must reach 100 percent, not " + waves.getLast().percent());
        }
        canaryGroup = canaryGroup == null ? Optional.empty() : canaryGroup;
        healthGate = healthGate == null ? Optional.empty() : healthGate;
    }

    /** One wave to every targeted device, no gate: a rollout created without a plan. */
    public static WavePlan everyoneAtOnce() {
        return new WavePlan(List.of(Wave.everyone()), Optional.empty(), Optional.empty());
    }

    public Wave wave(int index) {
        return waves.get(index);
    }

    public boolean isLast(int index) {
        return index == waves.size() - 1;
    }
}
