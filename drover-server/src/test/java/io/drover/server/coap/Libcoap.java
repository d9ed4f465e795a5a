package io.drover.server.coap;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's libcoap command-line client (package {@code libcoap3-bin}: {@code coap-client-notls},
 * {@code coap-client-openssl}, {@code coap-client-gnutls}), run as a separate process against a Drover node.
 */
final class Libcoap {
    private static final Path BIN = Path.of("/usr/bin");

    private Libcoap() {}

    /**
     * The client binary built with {@code tls} ({@code notls}, {@code openssl}, {@code gnutls}). When it is missing
     * the test is skipped, except as root or under CI (environment {@code CI}), where {@code .ci/run} installs it:
     * there a missing client fails the test, so it cannot be lost silently.
     */
    static Path client(String tls) {
        Path client = BIN.resolve("coap-client-" + tls);
        if (!Files.isExecutable(client)) {
            String why = client + " is missing: apt-get install libcoap3-bin";
            if ("root".equals(System.getProperty("user.name")) || System.getenv("CI") != null) {
                fail("the libcoap interoperability test must run here, but " + why);
            }
            Assumptions.assumeTrue(false, "skipped: " + why);
        }
        return client;
    }

    /** What a client run printed and whether it ended well. */
    record Run(int exit, String output) {}

    /** Runs {@code client} with {@code arguments}, for at most a minute. */
    static Run run(Path client, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(client.toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not end within a minute");
            }
            return new Run(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The file a run wrote with {@code -o}, if it did. */
    static Optional<byte[]> output(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
