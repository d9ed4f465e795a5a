package io.drover.agent.transport;

import java.util.Objects;
import java.util.Optional;

/** The answer to a check-in. */
public sealed interface CheckIn permits CheckIn.NotModified, CheckIn.Current {

    /** The server's answer is the one the agent already acted on (HTTP 304). */
    record NotModified() implements CheckIn {}

    /**
     * A fresh answer.
     *
     * @param etag the ETag header as sent (quotes included), to be echoed in If-None-Match; null when absent
     * @param rollback a rollback the server orders (then there is no assignment)
     */
    record Current(String etag, String deviceId, Optional<Assignment> assignment, Optional<RollbackOrder> rollback)
            implements CheckIn {
        public Current {
            Objects.requireNonNull(assignment, "assignment");
            Objects.requireNonNull(rollback, "rollback");
        }
    }
}
