package io.drover.coap;

import java.util.Arrays;

/** A body served block by block: its size and any slice of it, read when a block is asked for. */
public interface BlockSource {
    long size();

    /** The {@code length} bytes from {@code offset}, all inside the body. */
    byte[] read(long offset, int length);

    /** A body already in memory (an envelope, a check-in answer). */
    static BlockSource of(byte[] bytes) {
        return new BlockSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public byte[] read(long offset, int length) {
                return Arrays.copyOfRange(bytes, (int) offset, (int) offset + length);
            }
        };
    }
}
