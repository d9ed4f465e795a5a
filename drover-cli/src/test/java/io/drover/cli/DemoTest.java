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
                .containsPattern("GET /e/1 and /a/[0-9a-f]{16}: \\d+ \\+ 262160 bytes in \\d+ datagrams, byte for byte what the vendor uploaded")
                .contains("Demo complete: all 3 devices run app 1.1.0 and signed their reports.");
        assertThat(run.out().lines().filter(l -> l.matches(
                "\\s+thermostat-00\\d\\s+app 1\\.1\\.0\\s+app 1\\.1\\.0\\s+B\\s+[0-9a-f]{16}\\s+verified\\s+.*"))).hasSize(3);
    }
}
