package io.drover.delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.tukaani.xz.FinishableWrapperOutputStream;

/** Images, deltas and hand-made patches for the codec's tests. */
final class Patches {
    private Patches() {
    }

    static byte[] random(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * A firmware-like successor of {@code base}: a block inserted near the start (so everything after it moves), a few
     * bytes changed further on, and a tail appended.
     */
    static byte[] edited(byte[] base, long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int cut = base.length / 10;
        out.write(base, 0, cut);
        out.writeBytes(random(seed, 300));
        byte[] rest = java.util.Arrays.copyOfRange(base, cut, base.length);
        for (int i = 0; i < 20 && rest.length > 0; i++) {
            rest[random.nextInt(rest.length)] ^= (byte) (1 + random.nextInt(255));
        }
        out.writeBytes(rest);
        out.writeBytes(random(seed + 1, 100));
        return out.toByteArray();
    }

    static byte[] delta(byte[] base, byte[] result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DeltaEncoder.create(base, result, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A patch with the header of (base, result) and {@code records} as its record stream, compressed with a dictionary
     * of {@code dictionaryBytes}.
     */
    static byte[] handMade(byte[] base, byte[] result, byte[] records, int dictionaryBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new DeltaHeader(image(base), image(result)).write(out);
            out.writeBytes(lzma2(records, dictionaryBytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] handMade(byte[] base, byte[] result, byte[] records) {
        return handMade(base, result, records, DeltaFormat.dictionaryBytes(result.length));
    }

    /** {@code bytes} as a raw LZMA2 stream, as the format holds its records. */
    static byte[] lzma2(byte[] bytes, int dictionaryBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream lzma2 = DeltaEncoder.compression(dictionaryBytes)
                .getOutputStream(new FinishableWrapperOutputStream(out))) {
            lzma2.write(bytes);
        }
        return out.toByteArray();
    }

    /** A record as the format writes it: seek, diff length, extra length, then {@code bytes} (runs, extra bytes). */
    static byte[] record(long seek, long diffLength, long extraLength, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DeltaFormat.writeSignedVarint(out, seek);
            DeltaFormat.writeVarint(out, diffLength);
            DeltaFormat.writeVarint(out, extraLength);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    static DeltaImage image(byte[] bytes) {
        return DeltaImage.of(DeltaPatch.sha256().digest(bytes), bytes.length);
    }

    /** Applies {@code patch} to {@code base}, through a file as a device would read its active slot. */
    static byte[] apply(byte[] base, byte[] patch) throws IOException {
        Path file = Files.createTempFile("delta-base", ".img");
        try {
            Files.write(file, base);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
                DeltaPatch.open(new java.io.ByteArrayInputStream(patch)).applyTo(channel, out);
            }
            return out.toByteArray();
        } finally {
            Files.delete(file);
        }
    }
}
