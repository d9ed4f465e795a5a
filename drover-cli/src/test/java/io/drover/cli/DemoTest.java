package io.drover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover demo} runs the main job end to end and finishes by itself. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void rollsTheSignedEncryptedReleaseOutToEveryDevice() {
        CliRun run = CliRun.of("demo", "--devices", "3", "--data-dir", dir.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out())
                .contains("the payload is encrypted: A128GCM")
                .contains("the server stores only ciphertext")
                .doesNotContain("UNEXPECTED")
                .contains("refused: suit.unknown-signer")
                .containsPattern("thermostat-001's over coaps://127\\.0\\.0\\.1:\\d+, block-wise")
                .contains("Demo complete: all 3 devices run app 1.1.0 and signed their reports.");
        String updated = "\\s+app 1\\.1\\.0\\s+app 1\\.1\\.0\\s+B\\s+[0-9a-f]{16}\\s+verified\\s+.*";
        assertThat(run.out().lines().filter(l -> l.matches("\\s+thermostat-001\\s+CoAP" + updated))).hasSize(1);
        assertThat(run.out().lines().filter(l -> l.matches("\\s+thermostat-00[23]\\s+HTTP" + updated))).hasSize(2);
    }
}
