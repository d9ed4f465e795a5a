package io.drover.server.rollout;

import io.drover.error.DroverException;
import io.drover.server.access.Actor;
import io.drover.server.compat.CompatErrors;
import io.drover.server.compat.CompatibilityPolicies;
import io.drover.server.compat.CompatibilityPolicy;
import io.drover.server.compat.PolicyDocument;
import io.drover.server.fleet.DeviceClass;
import io.drover.server.fleet.FleetService;
import io.drover.server.ledger.EntryKind;
import io.drover.server.ledger.Ledger;
import io.drover.server.ledger.LedgerRecord;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and replaces a class's compatibility policy. A new policy takes effect at each device's next check-in, for
 * running rollouts too: a device it keeps from a rollout's release is stepped through intermediate releases or judged
 * INCOMPATIBLE, and one judged INCOMPATIBLE before is judged again. A device already downloading or installing
 * finishes. A policy under which the release of a rollout that is not cancelled would be allowed on no device at all
 * is refused: such a rollout could only strand its devices, so the operator cancels it first. Stored releases without
 * such a rollout may be ruled out entirely; the answer lists them.
 */
public final class CompatibilityService {
    private static final Logger LOG = LoggerFactory.getLogger(CompatibilityService.class);
    private final Jdbi jdbi;
    private final Ledger ledger;
    private final FleetService fleet;
    private final ReleaseService releases;
    private final CompatibilityPolicies policies;
    private final Clock clock;

    public CompatibilityService(Jdbi jdbi, FleetService fleet, ReleaseService releases, CompatibilityPolicies policies,
            Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.jdbi = jdbi;
        this.fleet = fleet;
        this.releases = releases;
        this.policies = policies;
        this.clock = clock;
    }

    public ClassCompatibility policy(String className) {
        return jdbi.withHandle(h -> {
            DeviceClass deviceClass = fleet.deviceClass(h, className);
            return view(h, deviceClass, policies.find(h, deviceClass.id()));
        });
    }

    /** Replaces the class's policy with {@code document}, or refuses it and changes nothing. */
    public ClassCompatibility replace(String className, PolicyDocument document, Actor by) {
        ClassCompatibility replaced = jdbi.inTransaction(h -> {
            DeviceClass deviceClass = fleet.deviceClass(h, className);
            // Serialised with release uploads, which check what they install against the policy.
            fleet.lock(h, deviceClass);
            CompatibilityPolicy policy = document.policy();
            requireKnownComponents(deviceClass, policy);
            requireNoStrandedRollout(h, deviceClass, policy);
            ClassCompatibility view = view(h, deviceClass, policies.replace(h, deviceClass.id(), document,
                    clock.instant()));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("className", className);
            details.put("revision", view.revision());
            details.put("policy", document);
            ledger.record(h, new LedgerRecord(EntryKind.COMPATIBILITY_CHANGED, by.name(), null, null, null, details));
            return view;
        });
        LOG.info("{} replaced the compatibility policy of class {} (revision {})", by, className, replaced.revision());
        return replaced;
    }

    private static void requireKnownComponents(DeviceClass deviceClass, CompatibilityPolicy policy) {
        Set<String> unknown = new TreeSet<>(policy.components());
        deviceClass.components().forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new DroverException(CompatErrors.INVALID, "the policy names " + unknown + ", which class '"
                    + deviceClass.name() + "' does not have; its components are " + deviceClass.components());
        }
    }

    private void requireNoStrandedRollout(Handle h, DeviceClass deviceClass, CompatibilityPolicy policy) {
        Map<Long, List<StoredRollout>> byRelease = StoredRollout.live(h, deviceClass.id()).stream()
                .collect(Collectors.groupingBy(StoredRollout::releaseId));
        List<String> stranded = new ArrayList<>();
        byRelease.forEach((releaseId, rollouts) -> {
            Release release = releases.release(h, releaseId);
            policy.refusalForEveryInventory(release.versions()).ifPresent(reason -> stranded.add("release "
                    + releaseId + " of rollout(s) " + rollouts.stream().map(r -> r.id() + " (" + r.status() + ")")
                            .collect(Collectors.joining(", ")) + ": " + reason));
        });
        if (!stranded.isEmpty()) {
            throw new DroverException(CompatErrors.POLICY_CONFLICT, "this policy allows on no device the release of "
                    + "rollouts that are not cancelled; cancel them first or change the policy: "
                    + String.join("; ", stranded));
        }
    }

    private ClassCompatibility view(Handle h, DeviceClass deviceClass, CompatibilityPolicies.Stored stored) {
        List<ClassCompatibility.NeverAllowed> neverAllowed = new ArrayList<>();
        for (Release release : releases.releases(h, deviceClass)) {
            stored.policy().refusalForEveryInventory(release.versions()).ifPresent(reason -> neverAllowed.add(
                    new ClassCompatibility.NeverAllowed(release.id(), release.sequenceNumber(), reason)));
        }
        return new ClassCompatibility(deviceClass.name(), stored.document().rules(), stored.document().allowed(),
                stored.revision(), stored.updatedAt(), neverAllowed);
    }
}
