package io.drover.delta;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.drover.error.DroverException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzzes applying a delta: whatever the patch, applying it ends normally or with a DroverException with a stable
 * code, never another exception, a runaway allocation or a result that is not the header's. The first byte chooses
 * whether the rest is a whole patch (even) or a record stream that the test compresses behind a valid header (odd),
 * so that the fuzzer reaches the record checks past the LZMA2 decoder. Seeds are in
 * src/test/resources/io/drover/delta/DeltaFuzzTestInputs/fuzz; drover-suit's build runs this test with JAZZER_FUZZ=1
 * in a JVM of its own, like EnvelopeFuzzTest.
 */
class DeltaFuzzTest {
    static final byte[] BASE = Patches.random(21, 4_000);
    static final byte[] RESULT = Patches.edited(BASE, 22);
    private static final Path BASE_FILE = baseFile();

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        byte[] patch = (input[0] & 1) == 0 ? rest : behindHeader(rest);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SeekableByteChannel base = Files.newByteChannel(BASE_FILE)) {
            DeltaPatch delta = DeltaPatch.open(new ByteArrayInputStream(patch));
            delta.applyTo(base, out);
            // Applied without complaint: then it made exactly the header's result.
            if (out.size() != delta.header().result().size()
                    || !Patches.image(out.toByteArray()).equals(delta.header().result())) {
                throw new IllegalStateException("a delta was applied but did not make its header's result");
            }
        } catch (DroverException expected) {
            // A typed refusal is the right answer to bad input.
        }
    }

    static byte[] behindHeader(byte[] records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new DeltaHeader(Patches.image(BASE), Patches.image(RESULT)).write(out);
            out.writeBytes(Patches.lzma2(records, DeltaFormat.dictionaryBytes(RESULT.length)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Path baseFile() {
        try {
            Path file = Files.createTempFile("drover-delta-fuzz", ".img");
            file.toFile().deleteOnExit();
            return Files.write(file, BASE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
