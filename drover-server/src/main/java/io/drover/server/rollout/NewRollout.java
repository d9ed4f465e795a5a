package io.drover.server.rollout;

import io.drover.error.DroverException;
import io.drover.safety.RolloutSafety;
import io.drover.server.fleet.Names;
import io.drover.server.rollout.targeting.DeviceFilter;
import io.drover.server.rollout.wave.HealthGate;
import io.drover.server.rollout.wave.Wave;
import io.drover.server.rollout.wave.WavePlan;
import java.util.List;
import java.util.Optional;

/**
 * A request to roll a release out to its class.
 *
 * @param filter which devices of the class, e.g. {@code region = eu and line = S5} (see {@link DeviceFilter}); null
 *     for all of them
 * @param waves how the rollout widens (see {@link Wave}); null or empty for every targeted device at once
 * @param canaryGroup devices of this group all belong to the first wave
 * @param healthGate post-install health must hold against not-yet-updated devices for a wave to move on
 * @param priority when several running rollouts could update a device, the highest priority goes first (then the
 *     newest release); default 0, from -1000 to 1000
 * @param rehearsal when set, the rollout assigns nothing until a rehearsal of its release on an emulated fleet passes
 *     this requirement; null to start wave 1 at once
 * @param safety maintenance windows and device attributes a device must meet before it installs, judged by its
 *     agent (validated when the request is read); null for none
 */
public record NewRollout(Long releaseId, String filter, List<Wave> waves, String canaryGroup, HealthGate healthGate,
        Integer priority, RehearsalRequirement rehearsal, RolloutSafety safety) {
    public static final int MAX_PRIORITY = 1000;

    public NewRollout {
        if (releaseId == null) {
            throw new DroverException(RolloutErrors.INVALID, "a rollout needs a releaseId");
        }
        if (filter != null) {
            DeviceFilter.parse(filter);
        }
        if (canaryGroup != null) {
            Names.require("canaryGroup", canaryGroup);
        }
        if (priority != null && Math.abs(priority) > MAX_PRIORITY) {
            throw new DroverException(RolloutErrors.INVALID, "priority must be from -" + MAX_PRIORITY + " to "
                    + MAX_PRIORITY + ": " + priority);
        }
        waves = waves == null ? List.of() : List.copyOf(waves);
        plan(waves, canaryGroup, healthGate); // validates the plan as a whole
    }

    /** A rollout of {@code releaseId} to the whole class at once. */
    public static NewRollout everyone(long releaseId) {
        return new NewRollout(releaseId, null, null, null, null, null, null, null);
    }

    WavePlan plan() {
        return plan(waves, canaryGroup, healthGate);
    }

    int priorityOrDefault() {
        return priority == null ? 0 : priority;
    }

    private static WavePlan plan(List<Wave> waves, String canaryGroup, HealthGate healthGate) {
        return new WavePlan(waves.isEmpty() ? List.of(Wave.everyone()) : waves, Optional.ofNullable(canaryGroup),
                Optional.ofNullable(healthGate));
    }
}
