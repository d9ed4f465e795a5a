package io.drover.delta;

import io.drover.error.DroverException;
import io.sigpipe.jbsdiff.sort.SuffixSort;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import org.tukaani.xz.FinishableOutputStream;
import org.tukaani.xz.FinishableWrapperOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;

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
    /** How many candidates the match finder compares at each position; see {@link #compression}. */
    private static final int MATCH_SEARCH_DEPTH = 1000;
    /** Zeros at a record's end stand as a run of their own from this many; see {@code RecordWriter#writeRuns}. */
    private static final int TRAILING_ZEROS = 16;
    /** Zeros between changes stand as a run of their own from this many. */
    private static final int INNER_ZEROS = 2048;

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
        FinishableOutputStream records = compression(DeltaFormat.dictionaryBytes(result.length))
                .getOutputStream(new FinishableWrapperOutputStream(out));
        new Scan(base, result, new RecordWriter(records, base, result)).run();
        records.finish();
    }

    /**
     * The LZMA2 settings the records are compressed with, at a dictionary of {@code dictionaryBytes}; public for the
     * benchmark that compares dictionary sizes. Chosen by measurement on compiled programs and a jar
     * (docs/BENCHMARKS.md): one bit of literal context and none of position (the records' bytes follow no alignment,
     * and after a zero or a small difference other bytes follow than after a borrow's 0xFF), the longest match length,
     * and a search of up to 1,000 candidates per position where xz-java's default stops at
     * 152: the differences of moved code repeat at many distances, and the deeper search finds longer repeats.
     */
    public static LZMA2Options compression(int dictionaryBytes) {
        try {
            LZMA2Options options = new LZMA2Options(LZMA2Options.PRESET_MAX);
            options.setDictSize(dictionaryBytes);
            options.setLcLp(1, 0);
            options.setPb(0);
            options.setNiceLen(LZMA2Options.NICE_LEN_MAX);
            options.setDepthLimit(MATCH_SEARCH_DEPTH);
            return options;
        } catch (UnsupportedOptionsException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
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
                if (diffLength > 0) {
                    writeRuns(at, basePosition, diffLength);
                }
                out.write(result, at + diffLength, extraLength);
                pendingSeek = 0;
            }
            pendingSeek += seekAfter;
        }

        /**
         * The differences as runs of zeros and changes, the last run's changes written as 0 ("the rest"). The zeros a
         * record starts with (the exact match bsdiff's scan found) always stand as a run, zeros at its end from
         * {@value DeltaEncoder#TRAILING_ZEROS}, zeros between changes only from {@value DeltaEncoder#INNER_ZEROS}:
         * shorter ones stay among the changes, where LZMA2 codes them together with the changes around them (code that
         * moved repeats whole stretches of its differences) for less than the two numbers of a run, which break those
         * repeats. The thresholds are measured ones (docs/BENCHMARKS.md).
         */
        private void writeRuns(int at, int basePosition, int length) throws IOException {
            int zeros = zerosFrom(at, basePosition, 0, length);
            int from = zeros;
            while (true) {
                int end = from;
                int nextZeros = 0;
                while (end < length) {
                    int run = zerosFrom(at, basePosition, end, length);
                    if (run >= (end + run == length ? TRAILING_ZEROS : INNER_ZEROS)) {
                        nextZeros = run;
                        break;
                    }
                    end += run;
                    while (end < length && difference(at, basePosition, end) != 0) {
                        end++;
                    }
                }
                DeltaFormat.writeVarint(out, zeros);
                DeltaFormat.writeVarint(out, nextZeros == 0 ? 0 : end - from);
                writeChanges(at, basePosition, from, end);
                if (nextZeros == 0) {
                    return;
                }
                zeros = nextZeros;
                from = end + nextZeros;
            }
        }

        /** How many differences from {@code from} on are zero. */
        private int zerosFrom(int at, int basePosition, int from, int length) {
            int i = from;
            while (i < length && difference(at, basePosition, i) == 0) {
                i++;
            }
            return i - from;
        }

        private void writeChanges(int at, int basePosition, int from, int end) throws IOException {
            while (from < end) {
                int n = Math.min(buffer.length, end - from);
                for (int k = 0; k < n; k++) {
                    buffer[k] = difference(at, basePosition, from + k);
                }
                out.write(buffer, 0, n);
                from += n;
            }
        }

        private byte difference(int at, int basePosition, int i) {
            return (byte) (result[at + i] - base[basePosition + i]);
        }
    }
}
