package io.drover.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drover server} refuses bad settings before it opens anything (the nodes themselves: ServerNodesTest). */
class ServerCommandTest {
    @TempDir
    Path dir;

    @Test
    void refusesABadRolloutPassIntervalSchemaNameOrCoapBlockSizeAndCreatesNothing() {
        Path data = dir.resolve("data");
        CliRun notADuration = CliRun.of("server", "--data-dir", data.toString(), "--rollout-pass-interval", "2s");
        assertThat(notADuration.exitCode()).isEqualTo(2);
        assertThat(notADuration.err()).contains("--rollout-pass-interval").contains("'2s'");

        CliRun negative = CliRun.of("server", "--data-dir", data.toString(), "--rollout-pass-interval", "-PT1S");
        assertThat(negative.exitCode()).isEqualTo(1);
        assertThat(negative.err()).contains("rolloutPassInterval must be zero or at least 1 ms: PT-1S");

        CliRun schema = CliRun.of("server", "--data-dir", data.toString(), "--db-schema", "drover-eu");
        assertThat(schema.exitCode()).isEqualTo(1);
        assertThat(schema.err()).contains("a schema name is a letter or underscore").contains("drover-eu");

        CliRun block = CliRun.of("server", "--data-dir", data.toString(), "--coaps-port", "0", "--coap-max-block", "100");
        assertThat(block.exitCode()).isEqualTo(1);
        assertThat(block.err()).contains("maxBlockSize must be a power of two from 16 to 1024, not 100");
        assertThat(data).doesNotExist();
    }

    @Test
    void refusesAnLwm2mPackageUriDevicesCannotPullFromAndCreatesNothing() {
        Path data = dir.resolve("data");
        CliRun http = CliRun.of("server", "--data-dir", data.toString(), "--lwm2m-port", "0",
                "--lwm2m-package-uri", "http://drover.example/packages");
        assertThat(http.exitCode()).isEqualTo(1);
        assertThat(http.err()).contains("must be coap:// or coaps://").contains("http://drover.example/packages");

        CliRun badPort = CliRun.of("server", "--data-dir", data.toString(), "--lwm2m-port", "70000");
        assertThat(badPort.exitCode()).isEqualTo(1);
        assertThat(badPort.err()).contains("the LwM2M port must be 0..65535, not 70000");

        CliRun badDtlsPort = CliRun.of("server", "--data-dir", data.toString(), "--lwm2m-dtls-port", "-5");
        assertThat(badDtlsPort.exitCode()).isEqualTo(1);
        assertThat(badDtlsPort.err()).contains("the LwM2M DTLS port must be 0..65535, not -5");
        assertThat(data).doesNotExist();
    }
}
