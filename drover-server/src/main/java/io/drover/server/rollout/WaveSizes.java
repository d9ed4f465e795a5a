package io.drover.server.rollout;

import io.drover.server.fleet.DeviceTraitsService;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * How many targeted devices each wave of a rollout adds: the class's unrevoked devices below the release that match
 * the filter, split by wave membership. Counted once, by the first controller pass, in one read of the class.
 */
final class WaveSizes {
    private WaveSizes() {}

    static Map<Integer, Long> read(Handle h, long rolloutId) {
        Map<Integer, Long> sizes = new TreeMap<>();
        h.createQuery("SELECT wave, devices FROM rollout_wave WHERE rollout_id = :ro")
                .bind("ro", rolloutId)
                .map((rs, ctx) -> Map.entry(rs.getInt("wave"), rs.getLong("devices")))
                .forEach(e -> sizes.put(e.getKey(), e.getValue()));
        return sizes;
    }

    /** Counts and stores the sizes; the caller holds the rollout's row lock, so only one node counts. */
    static Map<Integer, Long> count(Handle h, StoredRollout rollout, DeviceTraitsService traits) {
        long[] sizes = new long[rollout.plan().waves().size()];
        traits.candidates(h, rollout.classDbId(), rollout.releaseSequence(), candidate -> {
            if (rollout.filter().map(f -> f.matches(candidate.traits())).orElse(true)) {
                sizes[AssignmentService.waveOf(rollout, candidate.deviceId(), candidate::traits)]++;
            }
        });
        var batch = h.prepareBatch("INSERT INTO rollout_wave (rollout_id, wave, devices) VALUES (:ro, :wave, :n)");
        Map<Integer, Long> result = new TreeMap<>();
        for (int wave = 0; wave < sizes.length; wave++) {
            batch.bind("ro", rollout.id()).bind("wave", wave).bind("n", sizes[wave]).add();
            result.put(wave, sizes[wave]);
        }
        batch.execute();
        return result;
    }
}
