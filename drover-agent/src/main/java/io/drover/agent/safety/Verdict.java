package io.drover.agent.safety;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Whether a safety condition lets the device update now. */
public sealed interface Verdict permits Verdict.Holds, Verdict.Waiting {

    record Holds() implements Verdict {}

    /**
     * @param reason for the operator and the status file, e.g. {@code "maintenance window opens 2026-11-29T02:00Z"}
     * @param retryAt when the condition is known to change, if the condition can tell (a window can; a battery
     *     cannot); the agent still polls at its usual interval and only uses this as information
     */
    record Waiting(String reason, Optional<Instant> retryAt) implements Verdict {
        public Waiting {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a waiting verdict needs a reason");
            }
            Objects.requireNonNull(retryAt, "retryAt");
        }

        public Waiting(String reason) {
            this(reason, Optional.empty());
        }
    }
}
