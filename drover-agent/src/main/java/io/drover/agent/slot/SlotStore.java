package io.drover.agent.slot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Set;

/**
 * Platform hook: where the device keeps its two image slots. The agent only ever writes into the slot that is not
 * active, and relies on every mutating call being atomic with respect to a power cut: after a crash each image is
 * either its old or its new complete content. {@link FileSlotStore} is the file-backed default.
 */
public interface SlotStore {
    /**
     * Opens a writer for {@code component}'s image in {@code slot}. If an earlier download of the same image (same
     * digest) was interrupted, the writer continues after the bytes it kept.
     */
    ImageWriter stage(SlotId slot, String component, ImageDigest image) throws IOException;

    /** Durably copies {@code component}'s image from one slot to the other. */
    void copy(String component, SlotId from, SlotId to) throws IOException;

    /** Removes every image in {@code slot} except those of {@code components}, and every leftover partial image. */
    void retainOnly(SlotId slot, Set<String> components) throws IOException;

    /** The components {@code slot} holds a complete image for. */
    Set<String> components(SlotId slot) throws IOException;

    /** The image of {@code component} in {@code slot}; {@link java.nio.file.NoSuchFileException} when there is none. */
    InputStream open(SlotId slot, String component) throws IOException;

    /**
     * The image of {@code component} in {@code slot} for reading at any position, as applying a delta reads its base;
     * {@link java.nio.file.NoSuchFileException} when there is none.
     */
    SeekableByteChannel openAtAnyPosition(SlotId slot, String component) throws IOException;

    default SlotView view(SlotId slot) {
        SlotStore store = this;
        return new SlotView() {
            @Override
            public SlotId id() {
                return slot;
            }

            @Override
            public Set<String> components() throws IOException {
                return store.components(slot);
            }

            @Override
            public InputStream open(String component) throws IOException {
                return store.open(slot, component);
            }
        };
    }
}
