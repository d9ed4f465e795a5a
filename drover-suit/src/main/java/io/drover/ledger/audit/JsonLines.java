package io.drover.ledger.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The lines of a JSON-lines stream, each exactly its bytes without the {@code \n}, read one at a time: an export's
 * files are read in constant memory. A final {@code \n} ends the last line, it does not start an empty one; an empty
 * line anywhere else is a line (and no entry). Closing it closes the stream.
 */
public final class JsonLines implements Iterator<byte[]>, AutoCloseable {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private byte[] next;
    private boolean ended;

    public JsonLines(InputStream in) {
        this.in = in;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            next = read();
        }
        return next != null;
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] value = next;
        next = null;
        return value;
    }

    private byte[] read() {
        line.reset();
        try {
            while (true) {
                if (position == limit) {
                    limit = Math.max(in.read(buffer), 0);
                    position = 0;
                    if (limit == 0) {
                        ended = true;
                        return line.size() == 0 ? null : line.toByteArray();
                    }
                }
                int newline = position;
                while (newline < limit && buffer[newline] != '\n') {
                    newline++;
                }
                line.write(buffer, position, newline - position);
                position = newline;
                if (newline < limit) {
                    position++;
                    return line.toByteArray();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
