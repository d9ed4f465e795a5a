package io.drover.server.rollout;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Devices per wave and report status of each rollout. Every row is made when the rollout starts (waves × statuses,
 * whatever the fleet size), so a report's transaction only adds and subtracts, and reading a rollout's counts never
 * scans its devices.
 */
final class WaveCounters {
    private WaveCounters() {}

    static void create(Handle h, long rolloutId, int waves) {
        var batch = h.prepareBatch("INSERT INTO rollout_count (rollout_id, wave, status, devices) VALUES (:ro, :wave, :st, 0)");
        for (int wave = 0; wave < waves; wave++) {
            for (ReportStatus status : ReportStatus.values()) {
                batch.bind("ro", rolloutId).bind("wave", wave).bind("st", status.name()).add();
            }
        }
        batch.execute();
    }

    /** A device of {@code wave} moved from {@code from} (empty: its first report) to {@code to}. */
    static void move(Handle h, long rolloutId, int wave, Optional<ReportStatus> from, ReportStatus to) {
        if (from.isPresent() && from.get() == to) {
            return;
        }
        from.ifPresent(status -> add(h, rolloutId, wave, status, -1));
        add(h, rolloutId, wave, to, 1);
    }

    /** A device of {@code wave} in {@code status} is no longer counted (it is pending again). */
    static void remove(Handle h, long rolloutId, int wave, ReportStatus status) {
        add(h, rolloutId, wave, status, -1);
    }

    /** Counts per wave index, then per status. */
    static Map<Integer, Map<ReportStatus, Long>> read(Handle h, long rolloutId) {
        Map<Integer, Map<ReportStatus, Long>> counts = new TreeMap<>();
        h.createQuery("SELECT wave, status, devices FROM rollout_count WHERE rollout_id = :ro")
                .bind("ro", rolloutId)
                .map((rs, ctx) -> new Count(rs.getInt("wave"), ReportStatus.valueOf(rs.getString("status")),
                        rs.getLong("devices")))
                .forEach(c -> counts.computeIfAbsent(c.wave(), w -> new EnumMap<>(ReportStatus.class))
                        .put(c.status(), c.devices()));
        return counts;
    }

    private record Count(int wave, ReportStatus status, long devices) {}

    private static void add(Handle h, long rolloutId, int wave, ReportStatus status, int delta) {
        h.createUpdate("UPDATE rollout_count SET devices = devices + :delta WHERE rollout_id = :ro AND wave = :wave AND status = :st")
                .bind("delta", delta).bind("ro", rolloutId).bind("wave", wave).bind("st", status.name()).execute();
    }
}
