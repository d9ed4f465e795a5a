package io.drover.agent.download;

import io.drover.agent.AgentErrors;
import io.drover.agent.Sleeper;
import io.drover.agent.StepListener;
import io.drover.agent.UpdateStep;
import io.drover.agent.slot.ImageDigest;
import io.drover.agent.slot.ImageWriter;
import io.drover.agent.slot.SlotId;
import io.drover.agent.slot.SlotStore;
import io.drover.agent.transport.DeviceApi;
import io.drover.error.DroverException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Downloads one image into a slot, resuming after a broken connection ({@link ResumingFetch}), and commits it to the
 * slot only once what reached storage has the expected digest and size. A download that runs out of retries keeps
 * its partial image so the next attempt (even after a restart) continues where it stopped; an image with the wrong
 * content is deleted. Every byte read passes the agent's {@link DownloadThrottle}.
 */
public final class ArtifactDownloader {
    private final SlotStore slots;
    private final ResumingFetch fetch;

    /** @param steps told {@link UpdateStep#DOWNLOADING} once each attempt has written its first bytes */
    public ArtifactDownloader(DeviceApi client, SlotStore slots, RetryPolicy retry, Sleeper sleeper,
            DownloadThrottle throttle, StepListener steps) {
        this.slots = Objects.requireNonNull(slots, "slots");
        this.fetch = new ResumingFetch(client, retry, sleeper, throttle, steps);
    }

    public DownloadResult download(String url, SlotId slot, String component, ImageDigest expected)
            throws InterruptedException {
        try (ImageWriter writer = slots.stage(slot, component, expected)) {
            DownloadResult result = fetch(url, writer, expected, component);
            if (result instanceof DownloadResult.Downloaded) {
                writer.commit();
            }
            return result;
        } catch (IOException | UncheckedIOException e) {
            return new DownloadResult.Failed(AgentErrors.SLOT_WRITE_FAILED,
                    "writing " + component + " into slot " + slot + " failed: " + e.getMessage());
        } catch (DroverException e) {
            return new DownloadResult.Failed(e.errorCode(), e.getMessage());
        }
    }

    /**
     * Fills {@code writer} from {@code url}, resuming after what it holds, and checks what reached storage against
     * {@code expected}: {@link ResumingFetch#fetch}.
     */
    DownloadResult fetch(String url, ImageWriter writer, ImageDigest expected, String what)
            throws IOException, InterruptedException {
        return fetch.fetch(url, writer, expected, what);
    }
}
