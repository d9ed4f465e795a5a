package io.drover.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.error.DroverException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeltaEncoderTest {

    @Test
    void anEditedImageComesBackByteForByteFromASmallDelta() throws IOException {
        byte[] base = Patches.random(1, 200_000);
        byte[] result = Patches.edited(base, 2);

        byte[] delta = Patches.delta(base, result);

        assertThat(Patches.apply(base, delta)).isEqualTo(result);
        // 400 new bytes and 20 changed ones among 200,000 moved ones: far below the image, above what changed.
        assertThat(delta.length).isBetween(400, 2_000);
    }

    @Test
    void theHeaderNamesBaseAndResult() throws IOException {
        byte[] base = Patches.random(3, 10_000);
        byte[] result = Patches.edited(base, 4);

        DeltaHeader header = DeltaPatch.open(new ByteArrayInputStream(Patches.delta(base, result))).header();

        assertThat(header.base()).isEqualTo(Patches.image(base));
        assertThat(header.result()).isEqualTo(Patches.image(result));
        assertThat(header.result().size()).isEqualTo(result.length);
    }

    @Test
    void emptyIdenticalAndUnrelatedImagesRoundTrip() throws IOException {
        byte[] some = Patches.random(5, 5_000);
        byte[] other = Patches.random(6, 7_000);
        byte[][][] pairs = {
                {new byte[0], new byte[0]}, {new byte[0], some}, {some, new byte[0]}, {some, some.clone()},
                {some, other}, {new byte[] {7}, new byte[] {7, 7}}};
        for (byte[][] pair : pairs) {
            assertThat(Patches.apply(pair[0], Patches.delta(pair[0], pair[1]))).isEqualTo(pair[1]);
        }
    }

    @Test
    void longRunsOfOneByteValueRoundTrip() throws IOException {
        // Erased flash and zero padding: the worst case of the suffix sort's grouping.
        byte[] base = new byte[4 * 1024 * 1024];
        byte[] result = base.clone();
        Arrays.fill(result, 1_000_000, 1_000_100, (byte) 0xFF);

        byte[] delta = Patches.delta(base, result);

        assertThat(Patches.apply(base, delta)).isEqualTo(result);
        assertThat(delta.length).isLessThan(1_000);
    }

    @Test
    void aCompilerLikeShiftOfEveryAddressStaysSmall() throws IOException {
        // Code moved by an inserted function changes every 4-byte address after it by the same amount: bsdiff's
        // byte-wise differences make those repeat, so they compress to almost nothing.
        // Here every 32 bytes of "code" end with an absolute address into the image.
        byte[] base = new byte[400_000];
        byte[] code = Patches.random(7, base.length);
        for (int i = 0; i + 32 <= base.length; i += 32) {
            System.arraycopy(code, i, base, i, 28);
            putInt(base, i + 28, 0x400000 + i);
        }
        byte[] result = new byte[base.length + 64];
        System.arraycopy(base, 0, result, 0, 80_000);
        System.arraycopy(Patches.random(8, 64), 0, result, 80_000, 64);
        for (int i = 80_000; i + 32 <= base.length; i += 32) {
            System.arraycopy(base, i, result, i + 64, 28);
            putInt(result, i + 64 + 28, 0x400000 + i + 64);
        }

        byte[] delta = Patches.delta(base, result);

        assertThat(Patches.apply(base, delta)).isEqualTo(result);
        assertThat(delta.length).isLessThan(result.length / 50);
    }

    @Test
    void refusesImagesOverTheLimit() {
        // Only the length is looked at before the refusal, so a shared array stands in for a huge one.
        byte[] huge = new byte[DeltaEncoder.MAX_IMAGE_BYTES + 1];
        assertThatThrownBy(() -> DeltaEncoder.create(new byte[0], huge, java.io.OutputStream.nullOutputStream()))
                .isInstanceOf(DroverException.class)
                .extracting(e -> ((DroverException) e).errorCode()).isEqualTo(DeltaErrors.TOO_LARGE);
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >> 8);
        bytes[at + 2] = (byte) (value >> 16);
        bytes[at + 3] = (byte) (value >> 24);
    }
}
