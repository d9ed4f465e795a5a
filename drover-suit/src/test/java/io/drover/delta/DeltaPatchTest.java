package io.drover.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import io.drover.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class DeltaPatchTest {
    private static final byte[] BASE = Patches.random(11, 20_000);
    private static final byte[] RESULT = Patches.edited(BASE, 12);
    private static final byte[] DELTA = Patches.delta(BASE, RESULT);

    @Test
    void refusesABaseOfAnotherSize() {
        assertRefused(() -> Patches.apply(Arrays.copyOf(BASE, BASE.length - 1), DELTA), DeltaErrors.BASE_MISMATCH);
    }

    @Test
    void refusesABaseOfTheSameSizeWithOtherBytes() {
        byte[] other = BASE.clone();
        other[other.length / 2] ^= 1;
        assertRefused(() -> Patches.apply(other, DELTA), DeltaErrors.BASE_MISMATCH);
    }

    @Test
    void refusesAnythingThatIsNotADelta() {
        assertRefused(() -> Patches.apply(BASE, new byte[0]), DeltaErrors.MALFORMED);
        assertRefused(() -> Patches.apply(BASE, "BSDIFF40 and more bytes".getBytes()), DeltaErrors.MALFORMED);
        assertRefused(() -> Patches.apply(BASE, Arrays.copyOf(DELTA, DeltaFormat.HEADER_BYTES - 1)),
                DeltaErrors.MALFORMED);
    }

    @Test
    void refusesANegativeSizeInTheHeader() {
        byte[] patch = DELTA.clone();
        patch[8] = (byte) 0x80;
        assertRefused(() -> Patches.apply(BASE, patch), DeltaErrors.MALFORMED);
    }

    @Test
    void refusesATruncatedPatchAtEveryLength() {
        for (int length = DeltaFormat.HEADER_BYTES; length < DELTA.length; length += 7) {
            byte[] truncated = Arrays.copyOf(DELTA, length);
            assertRefused(() -> Patches.apply(BASE, truncated), DeltaErrors.MALFORMED);
        }
    }

    @Test
    void refusesBytesAfterTheStream() {
        byte[] longer = Arrays.copyOf(DELTA, DELTA.length + 1);
        assertRefused(() -> Patches.apply(BASE, longer), DeltaErrors.MALFORMED);
    }

    @Test
    void refusesEveryFlippedByteOfTheRecordStream() {
        for (int at = DeltaFormat.HEADER_BYTES; at < DELTA.length; at++) {
            byte[] damaged = DELTA.clone();
            damaged[at] ^= 0x10;
            // The LZMA2 decoder refuses many; a flip it cannot see makes other bytes than the header's digest.
            assertThatThrownBy(() -> Patches.apply(BASE, damaged)).isInstanceOf(DroverException.class)
                    .extracting(e -> ((DroverException) e).errorCode())
                    .isIn(DeltaErrors.MALFORMED, DeltaErrors.RESULT_MISMATCH);
        }
    }

    @Test
    void refusesARecordThatMakesNoBytes() {
        byte[] patch = Patches.handMade(BASE, new byte[] {1}, concat(Patches.record(0, 0, 0, new byte[0]),
                Patches.record(0, 0, 1, new byte[] {1})));
        assertRefused(() -> Patches.apply(BASE, patch), DeltaErrors.MALFORMED);
    }

    @Test
    void refusesARecordThatReadsOutsideTheBase() {
        byte[] result = new byte[] {5, 5};
        assertRefused(() -> Patches.apply(BASE, Patches.handMade(BASE, result,
                Patches.record(BASE.length - 1, 2, 0, new byte[2]))), DeltaErrors.MALFORMED);
        assertRefused(() -> Patches.apply(BASE, Patches.handMade(BASE, result,
                Patches.record(-1, 2, 0, new byte[2]))), DeltaErrors.MALFORMED);
        assertRefused(() -> Patches.apply(BASE, Patches.handMade(BASE, result, concat(
                Patches.record(Long.MAX_VALUE, 0, 1, new byte[1]), Patches.record(Long.MAX_VALUE, 1, 0,
                        new byte[1])))), DeltaErrors.MALFORMED);
    }

    @Test
    void refusesARecordPastTheResultsEnd() {
        // A huge length must be refused before anything is allocated for it.
        assertRefused(() -> Patches.apply(BASE, Patches.handMade(BASE, new byte[] {1},
                Patches.record(0, 0, Long.MAX_VALUE, new byte[1]))), DeltaErrors.MALFORMED);
        assertRefused(() -> Patches.apply(BASE, Patches.handMade(BASE, new byte[] {1},
                Patches.record(0, 1, 1, new byte[2]))), DeltaErrors.MALFORMED);
    }

    @Test
    void appliesHandMadeRunsOfZerosAndChanges() throws Exception {
        byte[] base = {10, 20, 30, 40, 50, 60};
        byte[] result = {20, 31, 42, 50, 63, 7};
        // Skip byte 0, take 20 as it is, change 30 and 40 by +1 and +2, take 50, change 60 by +3 as "the rest" (a
        // change count of 0), then one extra byte.
        byte[] patch = Patches.handMade(base, result, Patches.record(1, 5, 1, new byte[] {1, 2, 1, 2, 1, 0, 3, 7}));
        assertThat(Patches.apply(base, patch)).isEqualTo(result);
    }

    @Test
    void aChangeCountOfZeroEndsTheRecordEvenWithNothingLeftToChange() throws Exception {
        byte[] base = {10, 20, 30};
        byte[] result = {10, 20, 30};
        // Three zeros and "the rest", which is nothing; the same as one run of zeros and changes counted out.
        assertThat(Patches.apply(base, Patches.handMade(base, result, Patches.record(0, 3, 0, new byte[] {3, 0}))))
                .isEqualTo(result);
        byte[] counted = Patches.handMade(base, result, Patches.record(0, 3, 0, new byte[] {2, 1, 0}));
        assertThat(Patches.apply(base, counted)).isEqualTo(result);
    }

    @Test
    void refusesARunPastItsRecord() {
        byte[] patch = Patches.handMade(BASE, new byte[] {BASE[0]}, Patches.record(0, 1, 0, new byte[] {2, 0}));
        assertRefused(() -> Patches.apply(BASE, patch), DeltaErrors.MALFORMED);
        byte[] changes = Patches.handMade(BASE, new byte[] {BASE[0]}, Patches.record(0, 1, 0, new byte[] {0, 2, 1, 1}));
        assertRefused(() -> Patches.apply(BASE, changes), DeltaErrors.MALFORMED);
    }

    @Test
    void refusesRecordsThatGoOnAfterTheResult() {
        byte[] patch = Patches.handMade(BASE, new byte[] {1}, concat(Patches.record(0, 0, 1, new byte[] {1}),
                new byte[] {0}));
        assertRefused(() -> Patches.apply(BASE, patch), DeltaErrors.MALFORMED);
    }

    @Test
    void refusesOverlongAndOversizedNumbers() {
        byte[] overlong = {(byte) 0x81, 0x00, 0, 1, 9};
        assertRefused(() -> Patches.apply(BASE, Patches.handMade(BASE, new byte[] {9}, overlong)),
                DeltaErrors.MALFORMED);
        byte[] tooLong = new byte[12];
        Arrays.fill(tooLong, (byte) 0xFF);
        assertRefused(() -> Patches.apply(BASE, Patches.handMade(BASE, new byte[] {9}, tooLong)),
                DeltaErrors.MALFORMED);
    }

    @Test
    void refusesRecordsThatMakeOtherBytesThanTheHeaderSays() {
        byte[] patch = Patches.handMade(BASE, new byte[] {1}, Patches.record(0, 0, 1, new byte[] {2}));
        assertRefused(() -> Patches.apply(BASE, patch), DeltaErrors.RESULT_MISMATCH);
    }

    @Test
    void refusesAStreamThatReachesFurtherBackThanTheDictionaryADeviceHolds() throws Exception {
        // New bytes that repeat from 1 MiB + 1 KiB back: a stream compressed with a larger dictionary than the
        // format's codes that as one match, which a device holding only the format's dictionary cannot resolve.
        byte[] first = Patches.random(13, DeltaFormat.MAX_DICTIONARY_BYTES + 1024);
        byte[] result = Arrays.copyOf(first, first.length + 4096);
        System.arraycopy(first, 0, result, first.length, 4096);
        byte[] patch = Patches.handMade(BASE, result, Patches.record(0, 0, result.length, result),
                DeltaFormat.MAX_DICTIONARY_BYTES * 4);

        assertRefused(() -> Patches.apply(BASE, patch), DeltaErrors.MALFORMED);
        assertThat(Patches.apply(BASE, Patches.handMade(BASE, result, Patches.record(0, 0, result.length, result))))
                .isEqualTo(result);
    }

    @Test
    void theDictionaryFollowsTheResultSizeWithinItsBounds() {
        assertThat(DeltaFormat.dictionaryBytes(0)).isEqualTo(4096);
        assertThat(DeltaFormat.dictionaryBytes(100_000)).isEqualTo(100_000);
        assertThat(DeltaFormat.dictionaryBytes(Long.MAX_VALUE)).isEqualTo(DeltaFormat.MAX_DICTIONARY_BYTES);
    }

    @Test
    void requireResultNamesBothImages() {
        DeltaHeader header = new DeltaHeader(Patches.image(BASE), Patches.image(RESULT));
        header.requireResult(Patches.image(RESULT));
        assertRefused(() -> header.requireResult(Patches.image(BASE)), DeltaErrors.RESULT_MISMATCH);
    }

    @Test
    void writesNothingBeforeTheBaseIsChecked() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] other = BASE.clone();
        other[0] ^= 1;
        assertThatThrownBy(() -> {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("base", ".img");
            java.nio.file.Files.write(file, other);
            try (var channel = java.nio.file.Files.newByteChannel(file)) {
                DeltaPatch.open(new java.io.ByteArrayInputStream(DELTA)).applyTo(channel, out);
            } finally {
                java.nio.file.Files.delete(file);
            }
        }).isInstanceOf(DroverException.class);
        assertThat(out.size()).isZero();
    }

    private static void assertRefused(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(DroverException.class)
                .extracting(e -> ((DroverException) e).errorCode()).isEqualTo(code);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
