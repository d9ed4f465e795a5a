package io.drover.cli.release;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover release}: make signed releases where the vendor's key is. */
@Command(name = "release", description = "Make signed releases.", subcommands = ReleaseCommand.Sign.class)
public final class ReleaseCommand {

    /** {@code drover release sign}. */
    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign a release described in JSON (vendorId, classId, sequenceNumber, components with name, version,"
                    + " artifact, and optional encryption: {algorithm, groupKey, recipients}). Encrypted artifacts are"
                    + " written to OUT.COMPONENT.enc.")
    public static final class Sign implements Callable<Integer> {
        @Option(names = {"-k", "--key"}, required = true, description = "The vendor's private key (PEM).")
        Path key;

        @Option(names = {"-d", "--description"}, required = true, description = "The release description (JSON).")
        Path description;

        @Option(names = {"-o", "--out"}, required = true, description = "Where to write the signed SUIT envelope (CBOR).")
        Path out;

        @Override
        public Integer call() throws IOException {
            ReleaseDescription release = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(description.toFile(), ReleaseDescription.class);
            Path baseDir = description.toAbsolutePath().getParent();
            byte[] envelope = ReleaseSigner.sign(SigningKey.fromPem(Files.readString(key)), release, baseDir,
                    java.util.Optional.of(out));
            Files.write(out, envelope);
            System.out.println("signed release " + release.sequenceNumber() + " (" + envelope.length + " bytes) -> " + out);
            for (ReleaseDescription.Component c : release.components()) {
                if (c.encryption() != null) {
                    System.out.println("encrypted " + c.name() + " (" + c.encryption().algorithm() + ") -> "
                            + ReleaseSigner.encryptedArtifact(out, c.name()));
                }
            }
            return 0;
        }
    }
}
