package io.drover.delta;

import io.drover.error.DroverException;
import io.sigpipe.jbsdiff.sort.SuffixSort;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * Makes a delta from two whole images, with bsdiff's method (Colin Percival, "Naive differences of executable code",
 * 2003; version 4.3's scan): the base is suffix-sorted (jbsdiff's port of qsufsort) and searched for the longest
 * match at each position of the result, and the result is covered by
 * approximate matches, stored as byte-wise differences against the base (which stay mostly zero where code only
 * moved, so they compress well) and new bytes in between. The records are written in {@link DeltaFormat}'s one
 * stream. Making a delta holds both images and about 8 bytes per base byte; it is meant for servers and build
 * machines, not devices.
 */
public final class DeltaEncoder {
    /** The largest base or result a delta is made for: the suffix sort needs two int arrays of the base's size. */
    public static final int MAX_IMAGE_BYTES = 512 * 1024 * 1024;

    private DeltaEncoder() {
    }

    /** Writes the delta that turns {@code base} into {@code result}; {@code out} is left open. */
    public static void create(byte[] base, byte[] result, OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        for (byte[] image : new byte[][] {base, result}) {
            if (image.length > MAX_IMAGE_BYTES) {
                throw new DroverException(DeltaErrors.TOO_LARGE, "an image of " + image.length
                        + " bytes is over the " + MAX_IMAGE_BYTES + " bytes a delta is made for");
            }
        }
        new DeltaHeader(digest(base), digest(result)).write(out);
        // No literal context: records, runs and differences do not follow from the byte before, as text does.
        LZMA2Options options = new LZMA2Options(LZMA2Options.PRESET_MAX);
        options.setLcLp(0, 0);
        options.setPb(0);
        options.setNiceLen(LZMA2Options.NICE_LEN_MAX);
        options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN,
                Math.min(DeltaFormat.MAX_DICTIONARY_BYTES, result.length)));
        XZOutputStream records = new XZOutputStream(new NonClosing(out), options, XZ.CHECK_CRC32);
        new Scan(base, result, new RecordWriter(records, base, result)).run();
        records.close();
    }

    private static DeltaImage digest(byte[] image) {
        return DeltaImage.of(DeltaPatch.sha256().digest(image), image.length);
    }

    /** bsdiff's scan over the result, handing each (diff, extra, seek) triple to the writer. */
    private record Scan(byte[] base, byte[] result, RecordWriter writer) {
        void run() throws IOException {
            int[] sorted = suffixArray(base);
            int n = result.length;
            int m = base.length;
            int scan = 0;
            int length = 0;
            int position = 0;
            int lastScan = 0;
            int lastPosition = 0;
            int lastOffset = 0;
            while (scan < n) {
                int oldScore = 0;
                int scsc;
                for (scsc = scan += length; scan < n; scan++) {
                    long match = longestMatch(sorted, scan);
                    length = (int) (match >>> 32);
                    position = (int) match;
                    for (; scsc < scan + length; scsc++) {
                        if (sameAt(scsc + lastOffset, scsc)) {
                            oldScore++;
                        }
                    }
                    if ((length == oldScore && length != 0) || length > oldScore + 8) {
                        break;
                    }
                    if (sameAt(scan + lastOffset, scan)) {
                        oldScore--;
                    }
                }
                if (length == oldScore && scan != n) {
                    continue;
                }
                // How far the previous match extends forwards, and this one backwards, while more bytes agree
                // than not; an overlap goes to whichever side matches better.
                int s = 0;
                int bestForward = 0;
                int forward = 0;
                for (int i = 0; lastScan + i < scan && lastPosition + i < m; ) {
                    if (base[lastPosition + i] == result[lastScan + i]) {
                        s++;
                    }
                    i++;
                    if (s * 2 - i > bestForward * 2 - forward) {
                        bestForward = s;
                        forward = i;
                    }
                }
                int backward = 0;
                if (scan < n) {
                    s = 0;
                    int bestBackward = 0;
                    for (int i = 1; scan >= lastScan + i && position >= i; i++) {
                        if (base[position - i] == result[scan - i]) {
                            s++;
                        }
                        if (s * 2 - i > bestBackward * 2 - backward) {
                            bestBackward = s;
                            backward = i;
                        }
                    }
                }
                if (lastScan + forward > scan - backward) {
                    int overlap = (lastScan + forward) - (scan - backward);
                    s = 0;
                    int best = 0;
                    int split = 0;
                    for (int i = 0; i < overlap; i++) {
                        if (result[lastScan + forward - overlap + i] == base[lastPosition + forward - overlap + i]) {
                            s++;
                        }
                        if (result[scan - backward + i] == base[position - backward + i]) {
                            s--;
                        }
                        if (s > best) {
                            best = s;
                            split = i + 1;
                        }
                    }
                    forward += split - overlap;
                    backward -= split;
                }
                writer.record(lastScan, lastPosition, forward, (scan - backward) - (lastScan + forward),
                        (position - backward) - (lastPosition + forward));
                lastScan = scan - backward;
                lastPosition = position - backward;
                lastOffset = position - scan;
            }
        }

        /**
         * The longest prefix of the result from {@code from} that the base holds, as (length &lt;&lt; 32 | position):
         * a binary search of the suffix array, then the better of the two neighbours it ends between. bsdiff's own
         * search compares only up to the shorter string and so takes a suffix that is a prefix of the result for a
         * greater one: on long runs of one byte value it then finds short matches only and turns quadratic. Here a
         * proper prefix sorts first, as in the suffix array.
         */
        private long longestMatch(int[] sorted, int from) {
            int low = 0;
            int high = base.length;
            while (high - low > 1) {
                int middle = (low + high) >>> 1;
                if (compare(sorted[middle], from) < 0) {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            int lowLength = matchLength(sorted[low], from);
            int highLength = matchLength(sorted[high], from);
            return lowLength > highLength
                    ? (long) lowLength << 32 | sorted[low]
                    : (long) highLength << 32 | sorted[high];
        }

        private int matchLength(int basePosition, int from) {
            int mismatch = Arrays.mismatch(base, basePosition, base.length, result, from, result.length);
            return mismatch == -1 ? base.length - basePosition : mismatch;
        }

        /** The base's suffix at {@code basePosition} against the result's at {@code from}, in suffix-array order. */
        private int compare(int basePosition, int from) {
            int mismatch = Arrays.mismatch(base, basePosition, base.length, result, from, result.length);
            if (mismatch == -1) {
                return 0;
            }
            int baseLeft = base.length - basePosition;
            int resultLeft = result.length - from;
            if (mismatch == Math.min(baseLeft, resultLeft)) {
                return Integer.compare(baseLeft, resultLeft);
            }
            return Integer.compare(base[basePosition + mismatch] & 0xFF, result[from + mismatch] & 0xFF);
        }

        /** Whether the base byte at {@code basePosition} (possibly out of range) equals the result's at {@code at}. */
        private boolean sameAt(int basePosition, int at) {
            return basePosition >= 0 && basePosition < base.length && base[basePosition] == result[at];
        }

        private static int[] suffixArray(byte[] base) {
            int[] sorted = new int[base.length + 1];
            SuffixSort.qsufsort(sorted, new int[base.length + 1], base);
            return sorted;
        }
    }

    /**
     * Writes bsdiff's triples as {@link DeltaFormat} records. bsdiff seeks after a triple's bytes, Drover before a
     * record's, and a triple that makes no bytes only carries its seek over to the next record, so every record the
     * format sees makes at least one byte.
     */
    private static final class RecordWriter {
        private final OutputStream out;
        private final byte[] base;
        private final byte[] result;
        private final byte[] buffer = new byte[DeltaPatch.BUFFER_BYTES];
        private long pendingSeek;

        RecordWriter(OutputStream out, byte[] base, byte[] result) {
            this.out = out;
            this.base = base;
            this.result = result;
        }

        void record(int at, int basePosition, int diffLength, int extraLength, int seekAfter) throws IOException {
            if (diffLength + extraLength > 0) {
                DeltaFormat.writeSignedVarint(out, pendingSeek);
                DeltaFormat.writeVarint(out, diffLength);
                DeltaFormat.writeVarint(out, extraLength);
                writeRuns(at, basePosition, diffLength);
                out.write(result, at + diffLength, extraLength);
                pendingSeek = 0;
            }
            pendingSeek += seekAfter;
        }

        /**
         * The differences as runs of zeros and changes. A change run goes on over a single zero between changes: a
         * run costs two numbers, which a lone zero byte does not repay.
         */
        private void writeRuns(int at, int basePosition, int length) throws IOException {
            int i = 0;
            while (i < length) {
                int zerosFrom = i;
                while (i < length && difference(at, basePosition, i) == 0) {
                    i++;
                }
                int changesFrom = i;
                while (i < length && (difference(at, basePosition, i) != 0
                        || (i + 1 < length && difference(at, basePosition, i + 1) != 0))) {
                    i++;
                }
                DeltaFormat.writeVarint(out, changesFrom - zerosFrom);
                DeltaFormat.writeVarint(out, i - changesFrom);
                for (int from = changesFrom; from < i; ) {
                    int n = Math.min(buffer.length, i - from);
                    for (int k = 0; k < n; k++) {
                        buffer[k] = difference(at, basePosition, from + k);
                    }
                    out.write(buffer, 0, n);
                    from += n;
                }
            }
        }

        private byte difference(int at, int basePosition, int i) {
            return (byte) (result[at + i] - base[basePosition + i]);
        }
    }

    /** Lets the xz stream be finished without closing the caller's stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
