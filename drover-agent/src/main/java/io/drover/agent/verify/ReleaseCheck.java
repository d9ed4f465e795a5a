package io.drover.agent.verify;

import io.drover.error.ErrorCode;
import java.util.Objects;

/** Whether this device may install an assigned release. */
public sealed interface ReleaseCheck permits ReleaseCheck.Accepted, ReleaseCheck.Refused {

    record Accepted(VerifiedRelease release) implements ReleaseCheck {
        public Accepted {
            Objects.requireNonNull(release, "release");
        }
    }

    record Refused(ErrorCode reason, String message) implements ReleaseCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
