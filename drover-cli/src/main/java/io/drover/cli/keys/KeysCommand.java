package io.drover.cli.keys;

import io.drover.cli.payload.GroupKeyCommand;
import io.drover.cli.payload.RecipientKeysCommand;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover keys}: vendor signing keys. */
@Command(name = "keys", description = "Manage vendor signing keys and payload encryption keys.",
        subcommands = {KeysCommand.Generate.class, RecipientKeysCommand.class, GroupKeyCommand.class})
public final class KeysCommand {

    /** {@code drover keys generate}: a new key pair as two PEM files. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate a signing key: writes NAME.key.pem (private, mode 600) and NAME.pub.pem (public).")
    public static final class Generate implements Callable<Integer> {
        @Option(names = {"-a", "--algorithm"}, defaultValue = "ES256", description = "ES256 (P-256) or ED25519. Default: ${DEFAULT-VALUE}.")
        SignatureAlgorithm algorithm;

        @Option(names = {"-o", "--out"}, required = true, description = "Path and base name of the key files, e.g. keys/vendor.")
        Path out;

        @Override
        public Integer call() throws IOException {
            KeyFiles files = KeyFiles.write(SigningKey.generate(algorithm), out);
            System.out.println("private key: " + files.privateKey());
            System.out.println("public key:  " + files.publicKey());
            System.out.println("key id:      " + files.keyId());
            return 0;
        }
    }

    /** Where a generated key pair was written. */
    public record KeyFiles(Path privateKey, Path publicKey, String keyId) {
        /** Writes {@code key} as {@code base.key.pem} (owner-only) and {@code base.pub.pem}; never overwrites a key. */
        public static KeyFiles write(SigningKey key, Path base) throws IOException {
            Path privateKey = Path.of(base + ".key.pem");
            Path publicKey = Path.of(base + ".pub.pem");
            if (Files.exists(privateKey) || Files.exists(publicKey)) {
                throw new IOException("refusing to overwrite an existing key: " + privateKey + " or " + publicKey);
            }
            if (privateKey.toAbsolutePath().getParent() != null) {
                Files.createDirectories(privateKey.toAbsolutePath().getParent());
            }
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateKey, key.toPkcs8Pem());
            Files.writeString(publicKey, key.verificationKey().toPem());
            return new KeyFiles(privateKey, publicKey, key.verificationKey().keyId());
        }
    }
}
