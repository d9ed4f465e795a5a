package io.drover.agent;

import io.drover.error.ErrorCode;
import java.util.Map;
import java.util.Objects;

/** How one agent cycle ended. In every case but {@link Installed} the previously active slot is still active. */
public sealed interface CycleOutcome {

    /** The server has nothing new for this device, or only a release it already installed or refused. */
    record NothingToDo() implements CycleOutcome {}

    /**
     * A verified release waits for a safety condition (a maintenance window, a battery level …). Nothing was
     * downloaded; the server was told WAITING with the reason if it had not been told this reason already. The next
     * cycle checks in again and asks the conditions anew.
     */
    record Waiting(String reason) implements CycleOutcome {
        public Waiting {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A release was installed, passed its health check and is now active. */
    record Installed(long sequenceNumber, Map<String, String> inventory) implements CycleOutcome {
        public Installed {
            inventory = Map.copyOf(Objects.requireNonNull(inventory, "inventory"));
        }
    }

    /**
     * The release is refused for good and will not be tried again; the server was told FAILURE. Either its manifest
     * failed verification (nothing was downloaded), or its images cannot be had as signed: the device holds no key
     * that decrypts them, the server refuses to serve them, or their digest kept mismatching.
     */
    record Rejected(ErrorCode reason, String message) implements CycleOutcome {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * An image could not be downloaded or written for a reason that may pass ({@link AgentErrors#isTransient}); the
     * server was told RETRYING, and the next cycle tries again, resuming where it can.
     */
    record DownloadFailed(ErrorCode reason, String message) implements CycleOutcome {
        public DownloadFailed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The new slot failed its health check or timed out, and the device went back to the old one. */
    record RolledBack(ErrorCode reason, String message) implements CycleOutcome {
        public RolledBack {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
