package io.drover.server.rollout;

import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceTraits;
import io.drover.server.fleet.DeviceTraitsService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * What a check-in decides on, read in one query: the rollouts of the device's class that assign a release above what
 * it runs (running ones, and completed ones, which keep reaching devices that check in late), the rollouts that
 * order a rollback of the very release it runs ({@link RollbackOrders}), the device's own row on each, and its traits
 * (groups, for canary groups and filters; reported attributes, for filters). Rollout filters and wave plans come
 * parsed from this node's {@link RolloutDefinitions}.
 *
 * @param rollouts the assigning rollouts, in id order
 * @param orderingRollback the rollouts that order a rollback of the release the device runs, in id order
 * @param rows the device's rows, by rollout id
 */
record CheckInFacts(List<StoredRollout> rollouts, List<StoredRollout> orderingRollback,
        Map<Long, DeviceRollouts.Row> rows, String attributesJson, Set<String> groups) {

    /*
     * The device's groups are joined to every rollout row (a device is in at most 32, DeviceTraitsService.MAX_GROUPS),
     * and its attributes come from a scalar subquery, so that one round trip answers everything.
     */
    private static final String QUERY = "SELECT " + StoredRollout.COLUMNS + ", " + DeviceRollouts.PREFIXED_COLUMNS
            + ", g.group_name AS device_group, (SELECT d.attributes FROM device d WHERE d.id = :dev) AS device_attributes "
            + StoredRollout.JOINS
            + "LEFT JOIN device_rollout dr ON dr.rollout_id = r.id AND dr.device_id = :dev "
            + "LEFT JOIN device_group g ON g.device_id = :dev "
            + "WHERE r.device_class_id = :cls AND (r.status IN ('RUNNING', 'COMPLETED') "
            + "AND rel.sequence_number > :installed "
            + "OR r.rollback_ordered_at IS NOT NULL AND rel.sequence_number = :installed) ORDER BY r.id";

    static CheckInFacts read(Handle h, AuthenticatedDevice device, RolloutDefinitions definitions) {
        List<Line> lines = h.createQuery(QUERY).bind("dev", device.id()).bind("cls", device.classDbId())
                .bind("installed", device.installedSequence())
                .map((rs, ctx) -> new Line(StoredRollout.of(rs, definitions.of(rs)), DeviceRollouts.row(rs, "dr_"),
                        rs.getString("device_group"), rs.getString("device_attributes")))
                .list();
        Map<Long, StoredRollout> rollouts = new LinkedHashMap<>();
        Map<Long, DeviceRollouts.Row> rows = new HashMap<>();
        Set<String> groups = new HashSet<>();
        for (Line line : lines) {
            rollouts.putIfAbsent(line.rollout().id(), line.rollout());
            line.row().ifPresent(row -> rows.put(row.rolloutId(), row));
            if (line.group() != null) {
                groups.add(line.group());
            }
        }
        Map<Boolean, List<StoredRollout>> assigning = rollouts.values().stream()
                .collect(Collectors.partitioningBy(r -> r.releaseSequence() > device.installedSequence()));
        return new CheckInFacts(assigning.get(true), assigning.get(false), rows,
                lines.isEmpty() ? null : lines.getFirst().attributesJson(), groups);
    }

    /** One result row: a rollout, the device's row on it, one of the device's groups (or none), its attributes. */
    private record Line(StoredRollout rollout, Optional<DeviceRollouts.Row> row, String group, String attributesJson) {}

    /** The device's traits, as {@link DeviceTraitsService#traits} reads them. */
    DeviceTraits traits() {
        return DeviceTraitsService.traitsOf(attributesJson, groups);
    }
}
