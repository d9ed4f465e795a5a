package io.drover.server.compat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;

/**
 * Plans how a device reaches a target release when installing it directly would leave the device running a
 * disallowed combination: the shortest chain of the class's releases, each above the last in sequence number (the
 * device's anti-rollback rule) and each leaving an allowed inventory, that ends with the target. Every step is then a
 * normal verified install.
 */
public final class UpgradePlanner {
    /** Beyond this many installs, a path is not worth planning: an operator should publish a direct release. */
    public static final int MAX_STEPS = 8;

    private final CompatibilityPolicy policy;

    public UpgradePlanner(CompatibilityPolicy policy) {
        this.policy = policy;
    }

    /**
     * The releases to install in order, ending with {@code target}, or empty when no allowed path exists.
     *
     * @param candidates the class's releases that may serve as intermediate steps (the target among them is ignored)
     */
    public Optional<List<ReleaseStep>> plan(Map<String, String> inventory, long installedSequence, ReleaseStep target,
            List<ReleaseStep> candidates) {
        List<ReleaseStep> between = candidates.stream()
                .filter(c -> c.sequenceNumber() > installedSequence && c.sequenceNumber() < target.sequenceNumber())
                .sorted(Comparator.comparingLong(ReleaseStep::sequenceNumber))
                .toList();
        Queue<Path> queue = new ArrayDeque<>();
        queue.add(new Path(Map.copyOf(inventory), installedSequence, List.of()));
        Set<Path> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            Path path = queue.remove();
            if (target.sequenceNumber() > path.sequence() && allowed(target.applyTo(path.inventory()))) {
                return Optional.of(path.then(target).steps());
            }
            if (path.steps().size() + 1 >= MAX_STEPS) {
                continue;
            }
            for (ReleaseStep step : between) {
                Map<String, String> after = step.applyTo(path.inventory());
                if (step.sequenceNumber() > path.sequence() && allowed(after)) {
                    Path next = path.then(step);
                    if (seen.add(next.withoutSteps())) {
                        queue.add(next);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean allowed(Map<String, String> inventory) {
        return policy.refusal(inventory).isEmpty();
    }

    /** A chain of installs so far and where it leaves the device. */
    private record Path(Map<String, String> inventory, long sequence, List<ReleaseStep> steps) {
        Path then(ReleaseStep step) {
            List<ReleaseStep> longer = new ArrayList<>(steps);
            longer.add(step);
            return new Path(step.applyTo(inventory), step.sequenceNumber(), List.copyOf(longer));
        }

        /** Two chains that leave the device in the same place continue alike; BFS keeps the first (shortest). */
        Path withoutSteps() {
            return new Path(inventory, sequence, List.of());
        }
    }
}
