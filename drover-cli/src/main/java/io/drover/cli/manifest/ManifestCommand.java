package io.drover.cli.manifest;

import io.drover.suit.EnvelopeVerifier;
import io.drover.suit.ManifestPrinter;
import io.drover.suit.SuitEnvelope;
import io.drover.suit.Verification;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code drover manifest}: look into and check SUIT envelopes. */
@Command(name = "manifest", description = "Inspect and verify SUIT envelopes.",
        subcommands = {ManifestCommand.Inspect.class, ManifestCommand.Verify.class})
public final class ManifestCommand {

    /** Reads an envelope file: raw CBOR, or hex text (as the public SUIT examples are published). */
    static byte[] readEnvelope(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).strip();
        if (!text.isEmpty() && text.length() % 2 == 0 && text.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(text);
        }
        return bytes;
    }

    /** {@code drover manifest inspect FILE}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Print what a SUIT envelope contains.")
    public static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The envelope (CBOR, or hex text).")
        Path file;

        @Override
        public Integer call() throws IOException {
            System.out.print(ManifestPrinter.describe(SuitEnvelope.decode(readEnvelope(file))));
            return 0;
        }
    }

    /** {@code drover manifest verify FILE --key PUB.pem}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check an envelope's manifest digest and signature against trusted public keys. Exit 0 if valid, 1 if not.")
    public static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The envelope (CBOR, or hex text).")
        Path file;

        @Option(names = {"-k", "--key"}, required = true, description = "A trusted public key (PEM); repeat for several.")
        List<Path> keys = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            List<VerificationKey> trusted = new ArrayList<>();
            for (Path key : keys) {
                trusted.add(VerificationKey.fromPem(Files.readString(key)));
            }
            return switch (EnvelopeVerifier.create(trusted).verify(readEnvelope(file))) {
                case Verification.Verified v -> {
                    System.out.println("VALID: sequence number " + v.envelope().manifest().sequenceNumber()
                            + ", signed by key " + v.signer().keyId() + " (" + v.signer().algorithm() + ")");
                    yield 0;
                }
                case Verification.Rejected r -> {
                    System.out.println("INVALID: " + r.message() + " [" + r.reason() + "]");
                    yield 1;
                }
            };
        }
    }
}
