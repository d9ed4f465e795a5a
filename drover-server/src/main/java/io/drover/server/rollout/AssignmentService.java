package io.drover.server.rollout;

import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceTraits;
import io.drover.server.fleet.DeviceTraitsService;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseService;
import io.drover.server.rollout.wave.WaveMembership;
import io.drover.suit.ArtifactAddress;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What a device should install now, decided at its check-in. Of the running (or completed) rollouts of its class
 * above what it runs, a device is offered one that targets it (filter), has reached its wave, and that it has not
 * finished; a
 * rollout it is already downloading or installing comes first, so a device never has two installs at once; then the
 * highest priority, then the newest release.
 */
public final class AssignmentService {
    private static final Comparator<StoredRollout> PRECEDENCE = Comparator
            .comparingInt(StoredRollout::priority).reversed()
            .thenComparing(Comparator.comparingLong(StoredRollout::releaseSequence).reversed())
            .thenComparingLong(StoredRollout::id);

    private final Jdbi jdbi;
    private final ReleaseService releases;
    private final DeviceTraitsService traits;
    /** Releases never change once stored, so their artifact lists are cached for the check-in hot path. */
    private final Map<Long, Release> releaseCache = new ConcurrentHashMap<>();

    public AssignmentService(Jdbi jdbi, ReleaseService releases, DeviceTraitsService traits) {
        this.jdbi = jdbi;
        this.releases = releases;
        this.traits = traits;
    }

    public Optional<Assignment> assignmentFor(AuthenticatedDevice device) {
        return jdbi.withHandle(h -> {
            List<StoredRollout> running = StoredRollout.assigningAbove(h, device.classDbId(), device.installedSequence());
            if (running.isEmpty()) {
                return Optional.empty();
            }
            Map<Long, ReportStatus> mine = myStatuses(h, device.id());
            Optional<StoredRollout> underway = running.stream()
                    .filter(r -> mine.containsKey(r.id()) && !mine.get(r.id()).isFinal()
                            && mine.get(r.id()) != ReportStatus.WAITING)
                    .min(PRECEDENCE);
            if (underway.isPresent()) {
                return underway.map(this::assignment);
            }
            Facts facts = new Facts(h, device.id());
            return running.stream()
                    .filter(r -> !mine.containsKey(r.id()) || !mine.get(r.id()).isFinal())
                    .filter(r -> r.filter().map(f -> f.matches(facts.get())).orElse(true))
                    .filter(r -> waveOf(r, device.id(), facts) <= r.currentWave())
                    .min(PRECEDENCE)
                    .map(this::assignment);
        });
    }

    /** The wave of {@code rollout} that {@code deviceId} belongs to; its traits are asked only for a canary group. */
    static int waveOf(StoredRollout rollout, String deviceId, Supplier<DeviceTraits> traits) {
        boolean canary = rollout.plan().canaryGroup().map(g -> traits.get().groups().contains(g)).orElse(false);
        return WaveMembership.waveOf(rollout.plan(), rollout.id(), deviceId, canary);
    }

    private static Map<Long, ReportStatus> myStatuses(Handle h, String deviceId) {
        Map<Long, ReportStatus> statuses = new HashMap<>();
        h.createQuery("SELECT dr.rollout_id, dr.status FROM device_rollout dr JOIN rollout r ON r.id = dr.rollout_id "
                        + "WHERE dr.device_id = :dev AND r.status IN ('RUNNING', 'COMPLETED')")
                .bind("dev", deviceId)
                .map((rs, ctx) -> Map.entry(rs.getLong("rollout_id"), ReportStatus.valueOf(rs.getString("status"))))
                .forEach(e -> statuses.put(e.getKey(), e.getValue()));
        return statuses;
    }

    private Assignment assignment(StoredRollout rollout) {
        Release release = releaseCache.computeIfAbsent(rollout.releaseId(), releases::release);
        return new Assignment(rollout.id(), release.id(), release.sequenceNumber(),
                "/device/v1/releases/" + release.id() + "/envelope",
                release.components().stream()
                        .map(c -> new Assignment.AssignedArtifact(c.component(), c.sha256(), c.size(),
                                new ArtifactAddress(c.sha256()).uri()))
                        .toList());
    }

    /** The device's traits, read at most once per check-in and only when a filter or canary group asks. */
    private final class Facts implements Supplier<DeviceTraits> {
        private final Handle h;
        private final String deviceId;
        private DeviceTraits read;

        Facts(Handle h, String deviceId) {
            this.h = h;
            this.deviceId = deviceId;
        }

        @Override
        public DeviceTraits get() {
            if (read == null) {
                read = traits.traits(h, deviceId);
            }
            return read;
        }
    }
}
