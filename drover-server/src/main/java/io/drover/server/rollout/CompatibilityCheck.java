package io.drover.server.rollout;

import io.drover.server.compat.CompatibilityPolicies;
import io.drover.server.compat.CompatibilityPolicy;
import io.drover.server.compat.ReleaseStep;
import io.drover.server.compat.UpgradePlanner;
import io.drover.server.release.Release;
import io.drover.server.release.ReleaseService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * What a device installs for a rollout under its class's compatibility policy: the rollout's release when what the
 * device would run then is allowed; otherwise the first release of the shortest allowed path to it through the
 * class's releases ({@link UpgradePlanner}); otherwise nothing, and why. For a class without a policy this asks
 * nothing of the database.
 */
final class CompatibilityCheck {
    /** Longest reason kept, as for a device's own reasons. */
    private static final int MAX_REASON = 1000;

    /** Where a device goes for a rollout. */
    sealed interface Route {
        /** Install the rollout's release. */
        record Direct() implements Route {}

        /** Install {@code release} first, the first of {@code installs} that end with the rollout's release. */
        record Step(Release release, int installs) implements Route {}

        /** The policy allows the rollout's release on this device by no path. */
        record Incompatible(String reason) implements Route {}
    }

    private static final Route DIRECT = new Route.Direct();

    private final CompatibilityPolicies policies;
    private final ReleaseService releases;

    CompatibilityCheck(CompatibilityPolicies policies, ReleaseService releases) {
        this.policies = policies;
        this.releases = releases;
    }

    /**
     * The route of a device that runs {@code inventory} (asked only when the class has a policy) and installed
     * {@code installedSequence}, to the release of {@code rollout}.
     */
    Route route(Handle h, StoredRollout rollout, long installedSequence, Supplier<Map<String, String>> inventory) {
        CompatibilityPolicy policy = policies.policy(h, rollout.classDbId(), rollout.policyRevision());
        if (policy.allowsEverything()) {
            return DIRECT;
        }
        Release target = releases.release(h, rollout.releaseId());
        ReleaseStep targetStep = step(target);
        Map<String, String> runs = inventory.get();
        Map<String, String> after = targetStep.applyTo(runs);
        Optional<String> refusal = policy.refusal(after);
        if (refusal.isEmpty()) {
            return DIRECT;
        }
        List<ReleaseStep> between = releases.releasesBetween(h, rollout.classDbId(), installedSequence,
                target.sequenceNumber()).stream().map(CompatibilityCheck::step).toList();
        return new UpgradePlanner(policy).plan(runs, installedSequence, targetStep, between)
                .<Route>map(path -> new Route.Step(releases.release(h, path.getFirst().releaseId()), path.size()))
                .orElseGet(() -> new Route.Incompatible(shorten("release " + target.id() + " would leave this device "
                        + "running " + new TreeMap<>(after) + ": " + refusal.get() + "; no allowed path through the "
                        + "class's releases (at most " + UpgradePlanner.MAX_STEPS + " installs) leads there")));
    }

    /** A release as the planner sees it. */
    static ReleaseStep step(Release release) {
        return new ReleaseStep(release.id(), release.sequenceNumber(), release.versions());
    }

    private static String shorten(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
