package io.drover.cli.payload;

import io.drover.suit.encryption.GroupKey;
import io.drover.suit.SecretKeyAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover keys generate-group}: a pre-shared AES key-wrap key for a group of devices. */
@Command(name = "generate-group", mixinStandardHelpOptions = true,
        description = "Generate a group key for payload encryption (AES-KW): writes NAME.group.pem (secret, mode 600),"
                + " to be provisioned on every device of the group.")
public final class GroupKeyCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, required = true, description = "Path and base name of the key file, e.g. keys/fleet.")
    Path out;

    @Option(names = {"-a", "--algorithm"}, defaultValue = "A128KW", description = "A128KW or A256KW. Default: ${DEFAULT-VALUE}.")
    GroupKey.Algorithm algorithm;

    @Override
    public Integer call() throws IOException {
        Path file = Path.of(out + ".group.pem");
        SecretFiles.refuseExisting(file);
        SecretFiles.writeOwnerOnly(file, GroupKey.generate(algorithm, new SecureRandom()).toPem(SecretKeyAccess.get()));
        System.out.println("group key: " + file + " (" + algorithm + ")");
        return 0;
    }
}
