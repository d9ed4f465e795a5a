package io.drover.server.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the two-person rule asks of a rollout that changes a critical component: the approval of someone other than
 * its creator before it assigns anything.
 *
 * @param components the release's components that are critical in their class, in name order
 * @param approvedBy who approved the rollout; null until someone does
 * @param approvedAt when; null until approved
 */
public record Approval(List<String> components, String approvedBy, Instant approvedAt) {
    public Approval {
        components = List.copyOf(components);
        if (components.isEmpty()) {
            throw new IllegalArgumentException("an approval is required for at least one critical component");
        }
        if ((approvedBy == null) != (approvedAt == null)) {
            throw new IllegalArgumentException("an approval names both who and when, or neither");
        }
    }

    /** The stored form of {@link #components()}: names joined by commas (a component name has none). */
    String storedComponents() {
        return String.join(",", components);
    }

    /** The approval recorded in a rollout row; empty for a rollout that needed none. */
    static Optional<Approval> of(String storedComponents, String approvedBy, Instant approvedAt) {
        return storedComponents == null ? Optional.empty()
                : Optional.of(new Approval(List.of(storedComponents.split(",")), approvedBy, approvedAt));
    }

}
