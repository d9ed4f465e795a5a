package io.drover.server.rollout;

import io.drover.server.rollout.targeting.DeviceFilter;
import io.drover.server.rollout.wave.WavePlan;
import io.drover.safety.RolloutSafety;
import io.drover.server.store.JsonColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rollout is made of that never changes after it is created: its target filter, its wave plan, the rehearsal
 * it requires and the safety conditions it sends its devices.
 */
record RolloutDefinition(Optional<DeviceFilter> filter, WavePlan plan, Optional<RehearsalRequirement> rehearsal,
        Optional<RolloutSafety> safety) {
    RolloutDefinition {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(rehearsal, "rehearsal");
        Objects.requireNonNull(safety, "safety");
    }

    /** Parses the stored columns of the current row; a rollout stored without a plan goes to everyone at once. */
    static RolloutDefinition parse(ResultSet rs) throws SQLException {
        String planJson = rs.getString("wave_plan");
        return new RolloutDefinition(Optional.ofNullable(rs.getString("target_filter")).map(DeviceFilter::parse),
                planJson == null ? WavePlan.everyoneAtOnce() : JsonColumn.read(planJson, WavePlan.class),
                Optional.ofNullable(rs.getString("rehearsal_requirement"))
                        .map(json -> JsonColumn.read(json, RehearsalRequirement.class)),
                Optional.ofNullable(rs.getString("safety")).map(json -> JsonColumn.read(json, RolloutSafety.class)));
    }
}
