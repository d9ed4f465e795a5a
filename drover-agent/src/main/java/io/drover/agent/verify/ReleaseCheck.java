package io.drover.agent.verify;

import io.drover.error.ErrorCode;
import io.drover.suit.report.ManifestReference;
import java.util.Objects;

/** Whether this device may install an assigned release. */
public sealed interface ReleaseCheck permits ReleaseCheck.Accepted, ReleaseCheck.Refused {

    record Accepted(VerifiedRelease release) implements ReleaseCheck {
        public Accepted {
            Objects.requireNonNull(release, "release");
        }
    }

    /**
     * @param manifest what the device received: the manifest's URI and digest when the envelope decodes (even if it is
     *     not authentic), else the digest of the bytes themselves
     */
    record Refused(ErrorCode reason, String message, ManifestReference manifest) implements ReleaseCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(manifest, "manifest");
        }
    }
}
