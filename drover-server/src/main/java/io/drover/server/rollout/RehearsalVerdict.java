package io.drover.server.rollout;

import java.util.Objects;

/** The server's judgement of a rehearsal result against its rollout's {@link RehearsalRequirement}. */
public record RehearsalVerdict(boolean passed, String reason) {
    /** Stored verdicts are at most this long (the column's width); mismatch lists are cut. */
    private static final int MAX_REASON = 1000;

    public RehearsalVerdict {
        Objects.requireNonNull(reason, "reason");
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 1) + "…";
        }
    }

    static RehearsalVerdict failed(String reason) {
        return new RehearsalVerdict(false, reason);
    }
}
