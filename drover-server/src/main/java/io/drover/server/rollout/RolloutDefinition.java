package io.drover.server.rollout;

import io.drover.server.rollout.targeting.DeviceFilter;
import io.drover.server.rollout.wave.WavePlan;
import io.drover.server.store.JsonColumn;
import java.util.Objects;
import java.util.Optional;

/** What a rollout is made of that never changes after it is created: its target filter and its wave plan. */
record RolloutDefinition(Optional<DeviceFilter> filter, WavePlan plan) {
    RolloutDefinition {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(plan, "plan");
    }

    /** Parses the stored columns; a rollout stored without a plan goes to everyone at once. */
    static RolloutDefinition parse(String filterText, String planJson) {
        return new RolloutDefinition(Optional.ofNullable(filterText).map(DeviceFilter::parse),
                planJson == null ? WavePlan.everyoneAtOnce() : JsonColumn.read(planJson, WavePlan.class));
    }
}
