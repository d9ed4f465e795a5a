package io.drover.agent.download;

import io.drover.error.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/** How downloading one image into a slot ended. */
public sealed interface DownloadResult permits DownloadResult.Downloaded, DownloadResult.Failed {

    /**
     * The image is in the slot, with the expected digest and size. {@code deltaNotUsed} says why an offered delta was
     * not used and the full image was downloaded instead (empty: no delta was offered, or it was used).
     */
    record Downloaded(Optional<String> deltaNotUsed) implements DownloadResult {
        public Downloaded {
            Objects.requireNonNull(deltaNotUsed, "deltaNotUsed");
        }

        public Downloaded() {
            this(Optional.empty());
        }
    }

    /** The slot's image of the component is unchanged. */
    record Failed(ErrorCode reason, String message) implements DownloadResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
