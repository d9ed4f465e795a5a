package io.drover.suit.encryption;

import java.io.InputStream;

/** A deterministic stream of {@code size} bytes made on the fly, so large payloads never exist as arrays. */
final class GeneratedStream extends InputStream {
    private final long size;
    private long position;

    GeneratedStream(long size) {
        this.size = size;
    }

    @Override
    public int read() {
        return position < size ? byteAt(position++) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(length, size - position);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = (byte) byteAt(position + i);
        }
        position += n;
        return n;
    }

    private static int byteAt(long index) {
        return (int) ((index * 31 + (index >>> 13)) & 0xFF);
    }
}
