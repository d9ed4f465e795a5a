package io.drover.suit.processor;

import io.drover.error.ErrorCode;
import io.drover.suit.report.SuitReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** How a run ended; every outcome carries the SUIT report of what ran. */
public sealed interface Outcome permits Outcome.Completed, Outcome.Deferred, Outcome.Failed {
    SuitReport report();

    /**
     * Every sequence succeeded and staged writes are committed.
     *
     * @param committed  the components whose new content is now current
     * @param setVersion the manifest's suit-set-version, for the device's inventory
     */
    record Completed(SuitReport report, List<ComponentRef> committed, Optional<List<Long>> setVersion)
            implements Outcome {
        public Completed {
            Objects.requireNonNull(report, "report");
            committed = List.copyOf(committed);
            setVersion = setVersion.map(List::copyOf);
        }
    }

    /** A wait's conditions do not hold yet; nothing was committed and the same envelope may be run again later. */
    record Deferred(SuitReport report, String reason) implements Outcome {
        public Deferred {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The run stopped; nothing was committed. */
    record Failed(ErrorCode code, String message, SuitReport report) implements Outcome {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(report, "report");
        }
    }
}
