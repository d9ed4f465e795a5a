package io.drover.suit.internal;

import io.drover.error.DroverException;
import io.drover.suit.SuitErrors;

/**
 * Structural limits checked on the raw bytes before the CBOR library builds anything, so hostile input cannot make
 * Drover allocate a huge byte string, build a huge array or recurse deeply. The CBOR library offers no such limits;
 * this walk over RFC 8949's item headers is small enough to own.
 *
 * <p>Refused: nesting deeper than {@link #MAX_DEPTH}, an array or map with more than {@link #MAX_ITEMS} entries, a
 * length beyond the bytes that remain, indefinite lengths (SUIT requires deterministic CBOR), reserved header values,
 * and bytes after the item.
 */
public final class CborLimits {
    /** SUIT's deepest legitimate nesting inside one encoded item is well under this. */
    public static final int MAX_DEPTH = 24;
    /** Per array or map: components, commands and parameters of any real manifest fit many times over. */
    public static final int MAX_ITEMS = 4096;
    /** The largest encoded item Drover decodes (an envelope with integrated payloads fits). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private final byte[] bytes;
    private final String what;
    private int position;

    private CborLimits(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    /** Checks that {@code bytes} hold exactly one CBOR item within the limits. */
    public static void check(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw malformed(what + " is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw malformed(what + " has " + bytes.length + " bytes, more than the limit of " + MAX_BYTES);
        }
        CborLimits walk = new CborLimits(bytes, what);
        walk.item(0);
        if (walk.position != bytes.length) {
            throw malformed(what + " has " + (bytes.length - walk.position) + " bytes after its CBOR item");
        }
    }

    private void item(int depth) {
        if (depth > MAX_DEPTH) {
            throw malformed(what + " nests deeper than " + MAX_DEPTH + " levels");
        }
        int initial = next();
        int major = initial >>> 5;
        long argument = argument(initial & 0x1f, major);
        switch (major) {
            case 0, 1, 7 -> { }
            case 2, 3 -> skip(argument);
            case 4 -> children(argument, 1, depth);
            case 5 -> children(argument, 2, depth);
            case 6 -> item(depth + 1);
            default -> throw new IllegalStateException("a major type has three bits");
        }
    }

    private void children(long count, int itemsPerEntry, int depth) {
        if (count > MAX_ITEMS) {
            throw malformed(what + " has an array or map of " + count + " entries, more than the limit of " + MAX_ITEMS);
        }
        for (long i = 0; i < count * itemsPerEntry; i++) {
            item(depth + 1);
        }
    }

    private long argument(int info, int major) {
        if (info < 24) {
            return info;
        }
        int size = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            case 31 -> throw malformed(what + (major == 7 ? " has a stray break" : " uses an indefinite length, which SUIT does not allow"));
            default -> throw malformed(what + " uses a reserved CBOR header value " + info);
        };
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | next();
        }
        return value;
    }

    private void skip(long length) {
        if (length < 0 || length > bytes.length - position) {
            throw malformed(what + " announces a " + Long.toUnsignedString(length) + "-byte string but only "
                    + (bytes.length - position) + " bytes remain");
        }
        position += (int) length;
    }

    private int next() {
        if (position >= bytes.length) {
            throw malformed(what + " ends in the middle of a CBOR item");
        }
        return bytes[position++] & 0xff;
    }

    private static DroverException malformed(String message) {
        return new DroverException(SuitErrors.MALFORMED, message);
    }
}
