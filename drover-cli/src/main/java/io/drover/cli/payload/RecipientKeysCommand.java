package io.drover.cli.payload;

import io.drover.suit.encryption.RecipientCurve;
import io.drover.suit.encryption.RecipientPrivateKey;
import io.drover.suit.SecretKeyAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover keys generate-recipient}: a device's key pair for receiving encrypted payloads (ECDH-ES). */
@Command(name = "generate-recipient", mixinStandardHelpOptions = true,
        description = "Generate a device's payload-decryption key: writes NAME.key.pem (private, mode 600, goes onto the"
                + " device) and NAME.pub.pem (public, goes into release descriptions).")
public final class RecipientKeysCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, required = true, description = "Path and base name of the key files, e.g. keys/dev1.")
    Path out;

    @Option(names = {"-c", "--curve"}, defaultValue = "X25519", description = "X25519 or P256. Default: ${DEFAULT-VALUE}.")
    RecipientCurve curve;

    @Override
    public Integer call() throws IOException {
        RecipientPrivateKey key = RecipientPrivateKey.generate(curve);
        Path privateKey = Path.of(out + ".key.pem");
        Path publicKey = Path.of(out + ".pub.pem");
        SecretFiles.refuseExisting(privateKey, publicKey);
        SecretFiles.writeOwnerOnly(privateKey, key.toPkcs8Pem(SecretKeyAccess.get()));
        java.nio.file.Files.writeString(publicKey, key.publicKey().toPem());
        System.out.println("private key: " + privateKey + " (" + curve + ")");
        System.out.println("public key:  " + publicKey);
        return 0;
    }
}
