package io.drover.agent.slot;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A component image being written into a slot. Bytes accumulate in a partial file that is not yet part of the
 * slot; {@link #close()} keeps it so a later download can resume, {@link #commit()} makes it the slot's image.
 */
public interface ImageWriter extends Closeable {
    /** Bytes written so far, including those kept from an earlier, interrupted download of the same image. */
    long size();

    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Throws away what was written and starts again from byte 0 (the server did not honour a range). */
    void restart() throws IOException;

    /** The bytes written so far, as they are on the storage, for verification before {@link #commit()}. */
    InputStream readBack() throws IOException;

    /** Durably replaces the slot's image of this component with what was written; the writer is closed after. */
    void commit() throws IOException;

    /** Deletes what was written; the writer is closed after. */
    void discard() throws IOException;
}
