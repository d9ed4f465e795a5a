package io.drover.server.rollout;

import io.drover.server.compat.CompatibilityPolicies;
import io.drover.server.delta.DeltaOffers;
import io.drover.server.fleet.AuthenticatedDevice;
import io.drover.server.fleet.DeviceTraits;
import io.drover.server.fleet.FleetService;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseService;
import io.drover.server.rollout.wave.WaveMembership;
import io.drover.suit.ArtifactAddress;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What a device should install now, decided at its check-in. Of the running (or completed) rollouts of its class
 * above what it runs, a device is offered one that targets it (filter), has reached its wave, and that it has not
 * finished; a rollout it is already downloading or installing comes first, so a device never has two installs at
 * once; then the highest priority, then the newest release. Under a compatibility policy, a device for which the
 * rollout's release would be disallowed is assigned the first intermediate release of an allowed path instead, or,
 * with no path, is recorded INCOMPATIBLE for that rollout and offered the next one.
 */
public final class AssignmentService {
    private static final Comparator<StoredRollout> PRECEDENCE = Comparator
            .comparingInt(StoredRollout::priority).reversed()
            .thenComparing(Comparator.comparingLong(StoredRollout::releaseSequence).reversed())
            .thenComparingLong(StoredRollout::id);

    private final Jdbi jdbi;
    private final ReleaseService releases;
    private final FleetService fleet;
    private final RolloutDefinitions definitions = new RolloutDefinitions();
    private final CompatibilityCheck compatibility;
    private final DeltaOffers deltas;
    private final Clock clock;

    public AssignmentService(Jdbi jdbi, ReleaseService releases, FleetService fleet, CompatibilityPolicies policies,
            DeltaOffers deltas, Clock clock) {
        this.jdbi = jdbi;
        this.releases = releases;
        this.fleet = fleet;
        this.compatibility = new CompatibilityCheck(policies, releases);
        this.deltas = deltas;
        this.clock = clock;
    }

    /** What a check-in answers the device: a rollback the server ordered, else an assignment, else nothing. */
    public CheckInAnswer answerFor(AuthenticatedDevice device) {
        return jdbi.withHandle(h -> {
            CheckInFacts facts = CheckInFacts.read(h, device, definitions);
            Optional<RollbackOrder> rollback = RollbackOrders.orderFor(h, device, facts);
            return rollback.isPresent() ? CheckInAnswer.rollBack(rollback.get())
                    : CheckInAnswer.assign(assignmentFor(h, device, facts).map(a -> deltas.withOffers(h, device, a)));
        });
    }

    private Optional<Assignment> assignmentFor(Handle h, AuthenticatedDevice device, CheckInFacts facts) {
        List<StoredRollout> running = facts.rollouts();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, DeviceRollouts.Row> mine = facts.rows();
        Optional<StoredRollout> underway = running.stream()
                .filter(r -> mine.containsKey(r.id()) && mine.get(r.id()).status().isUnderway())
                .min(PRECEDENCE);
        if (underway.isPresent()) {
            // The release it is installing, which may be a step towards the rollout's.
            StoredRollout rollout = underway.get();
            return Optional.of(assignment(rollout, releases.release(h, mine.get(rollout.id()).releaseId())));
        }
        Supplier<DeviceTraits> traits = new Once<>(facts::traits);
        List<StoredRollout> open = running.stream()
                .filter(r -> mayAssign(mine.get(r.id()), r, device))
                .filter(r -> r.filter().map(f -> f.matches(traits.get())).orElse(true))
                .filter(r -> waveOf(r, device.id(), traits) <= r.currentWave())
                .sorted(PRECEDENCE)
                .toList();
        Supplier<Map<String, String>> inventory = new Once<>(() -> fleet.inventory(h, device.id()));
        for (StoredRollout rollout : open) {
            Optional<DeviceRollouts.Row> row = Optional.ofNullable(mine.get(rollout.id()));
            switch (compatibility.route(h, rollout, device.installedSequence(), inventory)) {
                case CompatibilityCheck.Route.Direct direct -> {
                    forgetIncompatibility(h, device, row);
                    return Optional.of(assignment(rollout, releases.release(h, rollout.releaseId())));
                }
                case CompatibilityCheck.Route.Step step -> {
                    forgetIncompatibility(h, device, row);
                    return Optional.of(assignment(rollout, step.release()));
                }
                case CompatibilityCheck.Route.Incompatible incompatible ->
                        markIncompatible(h, device, rollout, row, incompatible.reason(), traits);
            }
        }
        return Optional.empty();
    }

    /**
     * Per device class, a mark that changes whenever something that decides its devices' check-in answers changes,
     * on any node: a rollout created, or changing status or wave (each such change bumps its revision, a rollback
     * order included), the class's compatibility policy, or what an operator changed of one of its devices (groups, a
     * revoked credential). Cheap queries over the rollouts and classes, not the devices: the mark tells observers of
     * check-ins which devices' answers to compute again, and voids idle tickets. What a device reports itself (its
     * attributes, its installs) is not in it.
     */
    public Map<Long, String> answerMarks() {
        return jdbi.withHandle(h -> {
            Map<Long, String> marks = new HashMap<>();
            h.createQuery("SELECT device_class_id, COUNT(*) AS n, SUM(revision) AS r FROM rollout "
                            + "GROUP BY device_class_id")
                    .map((rs, ctx) -> Map.entry(rs.getLong("device_class_id"),
                            "rollouts " + rs.getLong("n") + "/" + rs.getLong("r")))
                    .forEach(mark -> marks.put(mark.getKey(), mark.getValue()));
            h.createQuery("SELECT device_class_id, revision FROM class_compatibility")
                    .map((rs, ctx) -> Map.entry(rs.getLong("device_class_id"), "policy " + rs.getLong("revision")))
                    .forEach(mark -> marks.merge(mark.getKey(), mark.getValue(), AssignmentService::joinMarks));
            h.createQuery("SELECT id, device_revision FROM device_class WHERE device_revision > 0")
                    .map((rs, ctx) -> Map.entry(rs.getLong("id"), "devices " + rs.getLong("device_revision")))
                    .forEach(mark -> marks.merge(mark.getKey(), mark.getValue(), AssignmentService::joinMarks));
            return marks;
        });
    }

    private static String joinMarks(String first, String second) {
        return first + ", " + second;
    }

    /** The wave of {@code rollout} that {@code deviceId} belongs to; its traits are asked only for a canary group. */
    static int waveOf(StoredRollout rollout, String deviceId, Supplier<DeviceTraits> traits) {
        boolean canary = rollout.plan().canaryGroup().map(g -> traits.get().groups().contains(g)).orElse(false);
        return WaveMembership.waveOf(rollout.plan(), rollout.id(), deviceId, canary);
    }

    /**
     * Whether the device may be offered the rollout: it has not finished it, and it is not INCOMPATIBLE as judged on
     * the policy and installed release that still hold (a judgment is made again once either changes).
     */
    private static boolean mayAssign(DeviceRollouts.Row row, StoredRollout rollout, AuthenticatedDevice device) {
        return row == null || !row.status().isFinal()
                && !row.incompatibleAsOf(rollout.policyRevision(), device.installedSequence());
    }

    /** Records the device INCOMPATIBLE for the rollout, or renews the judgment; counted in its wave. */
    private void markIncompatible(Handle h, AuthenticatedDevice device, StoredRollout rollout,
            Optional<DeviceRollouts.Row> row, String reason, Supplier<DeviceTraits> facts) {
        int wave = waveOf(rollout, device.id(), facts);
        h.useTransaction(tx -> DeviceRollouts.write(tx, device.id(), rollout.id(), row, wave,
                DeviceRollouts.Change.incompatible(rollout.releaseId(), reason, rollout.policyRevision(),
                        device.installedSequence()), clock.instant()));
    }

    /** A device judged INCOMPATIBLE that now has a route is pending in the rollout again. */
    private static void forgetIncompatibility(Handle h, AuthenticatedDevice device, Optional<DeviceRollouts.Row> row) {
        row.filter(r -> r.status() == ReportStatus.INCOMPATIBLE)
                .ifPresent(r -> h.useTransaction(tx -> DeviceRollouts.remove(tx, device.id(), r)));
    }

    private static Assignment assignment(StoredRollout rollout, Release release) {
        return new Assignment(rollout.id(), release.id(), release.sequenceNumber(),
                "/device/v1/releases/" + release.id() + "/envelope", release.envelopeSha256(),
                release.components().stream()
                        .map(c -> new Assignment.AssignedArtifact(c.component(), c.sha256(), c.size(),
                                new ArtifactAddress(c.sha256()).uri()))
                        .toList(),
                rollout.safety().orElse(null));
    }

    /** A value read at most once per check-in, and only if asked for (the device's traits, its inventory). */
    private static final class Once<T> implements Supplier<T> {
        private final Supplier<T> read;
        private T value;

        Once(Supplier<T> read) {
            this.read = read;
        }

        @Override
        public T get() {
            if (value == null) {
                value = read.get();
            }
            return value;
        }
    }
}
