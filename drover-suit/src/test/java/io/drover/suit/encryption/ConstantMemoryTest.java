package io.drover.suit.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decryption runs in constant memory: 256 MiB stream through a child JVM limited to a 16 MiB heap. A decryptor that
 * held the ciphertext or plaintext (as the JDK's AES/GCM Cipher does until doFinal) dies of OutOfMemoryError there.
 */
class ConstantMemoryTest {
    private static final int MEBIBYTES = 256;

    @ParameterizedTest
    @EnumSource(value = ContentEncryptionAlgorithm.class, names = {"A128GCM", "A128CTR"})
    void decrypts256MibInASixteenMibHeap(ContentEncryptionAlgorithm algorithm) throws IOException, InterruptedException {
        ChildRun run = runChild(algorithm.name());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("Committed").contains("written=" + ((long) MEBIBYTES << 20));
        System.out.println(List.of(algorithm, run.output().strip()));
    }

    @Test
    void theSameHeapIsTooSmallForTheJdksBufferingGcm() throws IOException, InterruptedException {
        ChildRun run = runChild("JDK_GCM_CONTROL");

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("OutOfMemoryError");
    }

    private record ChildRun(int exitCode, String output) {
    }

    private static ChildRun runChild(String mode) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx16m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                StreamingDecryptChild.class.getName(), Integer.toString(MEBIBYTES), mode)
                .redirectErrorStream(true)
                .start();
        // the output is small (a line, or an OutOfMemoryError trace), so reading it after exit cannot block the child
        boolean finished = child.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            child.destroyForcibly();
        }
        assertThat(finished).as("child finished in time").isTrue();
        return new ChildRun(child.exitValue(), new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
