package io.drover.agent.download;

import io.drover.error.ErrorCode;
import java.util.Objects;

/** How downloading one image into a slot ended. */
public sealed interface DownloadResult permits DownloadResult.Downloaded, DownloadResult.Failed {

    /** The image is in the slot, with the expected digest and size. */
    record Downloaded() implements DownloadResult {}

    /** The slot's image of the component is unchanged. */
    record Failed(ErrorCode reason, String message) implements DownloadResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
