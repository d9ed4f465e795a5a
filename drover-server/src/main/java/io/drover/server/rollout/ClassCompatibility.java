package io.drover.server.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A class's compatibility policy as the management API shows it.
 *
 * @param rules every rule, as Drover prints it
 * @param allowed the allowed combinations (component → {@code 1.0} or {@code >= 1.2}); empty: any combination the
 *     rules allow
 * @param revision bumped by every change; 0 while the class never had a policy
 * @param updatedAt when it was last set; null while never
 * @param neverAllowed the class's stored releases that this policy allows on no device at all: no rollout may start
 *     with them, and no device installs them as a step
 */
public record ClassCompatibility(String className, List<String> rules, List<Map<String, String>> allowed,
        long revision, Instant updatedAt, List<NeverAllowed> neverAllowed) {
    public ClassCompatibility {
        Objects.requireNonNull(className, "className");
        rules = List.copyOf(rules);
        allowed = List.copyOf(allowed);
        neverAllowed = List.copyOf(neverAllowed);
    }

    /** A stored release that the policy allows on no device, and why. */
    public record NeverAllowed(long releaseId, long sequenceNumber, String reason) {}
}
