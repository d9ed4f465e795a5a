package io.drover.agent.install;

import io.drover.error.ErrorCode;
import java.util.Objects;

/** Whether a slot on trial may be committed. */
public sealed interface TrialVerdict permits TrialVerdict.Passed, TrialVerdict.Failed {

    record Passed() implements TrialVerdict {}

    record Failed(ErrorCode reason, String message) implements TrialVerdict {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
