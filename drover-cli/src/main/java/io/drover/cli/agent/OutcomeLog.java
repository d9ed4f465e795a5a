package io.drover.cli.agent;

import io.drover.agent.AgentStatus;
import io.drover.agent.CycleOutcome;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs how cycles end, once per change: a device that polls every minute and waits a week for its window logs
 * one line, not ten thousand. Called only from the agent's loop thread.
 */
final class OutcomeLog {
    private static final Logger log = LoggerFactory.getLogger(OutcomeLog.class);

    private Optional<CycleOutcome> last = Optional.empty();

    void changed(AgentStatus status) {
        if (status.lastOutcome().equals(last)) {
            return;
        }
        last = status.lastOutcome();
        last.ifPresent(outcome -> log.info("{} (slot {}, sequence {})", describe(outcome), status.activeSlot(),
                status.installedSequence()));
    }

    private static String describe(CycleOutcome outcome) {
        return switch (outcome) {
            case CycleOutcome.NothingToDo nothing -> "up to date";
            case CycleOutcome.Waiting waiting -> "update waits: " + waiting.reason();
            case CycleOutcome.Installed installed -> "installed sequence " + installed.sequenceNumber() + ": "
                    + installed.inventory();
            case CycleOutcome.Rejected rejected -> "release rejected: " + rejected.reason() + ": "
                    + rejected.message();
            case CycleOutcome.DownloadFailed failed -> "download failed, will retry: " + failed.reason() + ": "
                    + failed.message();
            case CycleOutcome.RolledBack rolledBack -> "rolled back: " + rolledBack.reason() + ": "
                    + rolledBack.message();
        };
    }
}
