package io.drover.delta;

import io.drover.error.DroverException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Drover's delta format, version 2. A bsdiff-family patch laid out to be applied as one stream:
 *
 * <pre>
 *   "DRVDLT02"                                  8 bytes: magic and version
 *   base size, base SHA-256                     8 bytes big-endian, 32 bytes
 *   result size, result SHA-256                 8 bytes big-endian, 32 bytes
 *   one raw LZMA2 stream, its dictionary the result's size (at least 4 KiB, at most 1 MiB), of records, each:
 *     seek          zigzag varint   added to the base position before the record
 *     diff length   varint          bytes made from the base at the position, which then advances
 *     extra length  varint          bytes copied from the patch
 *     runs covering the diff length, each:
 *       zeros       varint          base bytes taken as they are
 *       changes     varint          base bytes each changed by adding (mod 256) the next patch byte;
 *                                   0 stands for all the record's diff bytes left after the zeros
 *       the changes' bytes
 *     the extra bytes
 * </pre>
 *
 * Every record makes at least one byte, runs end exactly at their record's diff length, the diff bytes read only
 * inside the base, and the records make exactly the result's size; the LZMA2 stream ends (its end marker) right after
 * the last record, and the patch right after the stream. bsdiff keeps its control, diff and extra data in three
 * blocks, each compressed with bzip2, so applying it needs the whole patch at hand (or three readers and
 * decompressors); interleaving them in one stream lets a device apply a delta as it reads it, with one decompressor's
 * memory. Runs of zeros keep the long stretches where the base's bytes are taken unchanged out of the compressed
 * stream; which zeros stand as a run and which stay among the changes is the encoder's choice ({@link DeltaEncoder}).
 * The stream is raw LZMA2 rather than an xz file: the result's SHA-256 already checks what the stream makes, so the xz
 * container's headers, index and CRC32 would only add about 50 bytes to every delta.
 *
 * <p>Version 2 replaced version 1 (an xz stream, every run of zeros split off) before any device applied deltas;
 * version 1 patches are refused as not a Drover delta.
 */
public final class DeltaFormat {
    /** The header's size: what a reader needs before it knows which base a delta wants. */
    public static final int HEADER_BYTES = 88;
    /**
     * The largest LZMA2 dictionary a delta is compressed with, and so the most dictionary its decompression takes. The
     * record stream's matches are local (the base supplies the long-range ones), so a larger one buys little; see
     * docs/BENCHMARKS.md.
     */
    public static final int MAX_DICTIONARY_BYTES = 1 << 20;
    private static final int MIN_DICTIONARY_BYTES = 4096;

    static final byte[] MAGIC = {'D', 'R', 'V', 'D', 'L', 'T', '0', '2'};
    private static final int MAX_VARINT_BYTES = 9;

    private DeltaFormat() {
    }

    /**
     * The LZMA2 dictionary of a delta that makes {@code resultSize} bytes. It follows from the header, so the patch
     * cannot ask a device for more: a stream that reaches further back is refused as damaged.
     */
    public static int dictionaryBytes(long resultSize) {
        return (int) Math.max(MIN_DICTIONARY_BYTES, Math.min(MAX_DICTIONARY_BYTES, resultSize));
    }

    /** Writes {@code value} (not negative) as an unsigned LEB128 varint. */
    static void writeVarint(OutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    static void writeSignedVarint(OutputStream out, long value) throws IOException {
        writeVarint(out, (value << 1) ^ (value >> 63));
    }

    /** Reads an unsigned varint of at most 63 bits, refusing overlong encodings. */
    static long readVarint(InputStream in) throws IOException {
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("the patch ends inside a record");
            }
            if (i == MAX_VARINT_BYTES - 1 && b > 0x7F) {
                break;
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw malformed("a record holds an overlong number");
                }
                return value;
            }
        }
        throw malformed("a record holds a number of more than 63 bits");
    }

    static long readSignedVarint(InputStream in) throws IOException {
        long zigzag = readVarint(in);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    static DroverException malformed(String message) {
        return new DroverException(DeltaErrors.MALFORMED, "not a Drover delta: " + message);
    }
}
