package io.drover.agent.slot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Read-only access to the images in one slot, handed to health checks. */
public interface SlotView {
    SlotId id();

    /** The components this slot holds a complete image for. */
    Set<String> components() throws IOException;

    /** The image of {@code component}; {@link java.nio.file.NoSuchFileException} when the slot has none. */
    InputStream open(String component) throws IOException;
}
