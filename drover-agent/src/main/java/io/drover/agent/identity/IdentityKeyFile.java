package io.drover.agent.identity;

import io.drover.agent.AgentErrors;
import io.drover.agent.internal.AtomicFiles;
import io.drover.error.DroverException;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's identity key in {@code dataDir/identity.key} (PKCS#8 PEM, mode 0600): made on the agent's first start,
 * read at every later one. A key put there before the first start (factory provisioning) is used as it is. The file
 * is never replaced: to the server, a device with a new key is another device, so a file that cannot be read or holds
 * no usable key stops the agent with {@link AgentErrors#IDENTITY_KEY_UNUSABLE} instead.
 */
public final class IdentityKeyFile {
    public static final String FILE_NAME = "identity.key";
    private static final Logger log = LoggerFactory.getLogger(IdentityKeyFile.class);

    private IdentityKeyFile() {}

    /**
     * The key in {@code dataDir}, or a new {@code algorithm} key saved there when there is none. An existing key keeps
     * its algorithm whatever {@code algorithm} says.
     */
    public static SigningKey loadOrCreate(Path dataDir, SignatureAlgorithm algorithm) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return create(file, algorithm);
        } catch (IOException e) {
            throw unusable(file, "cannot be read: " + e, e);
        }
        SigningKey key;
        try {
            key = SigningKey.fromPem(pem);
        } catch (DroverException e) {
            throw unusable(file, "holds no usable key: " + e.getMessage(), e);
        }
        if (key.algorithm() != algorithm) {
            log.warn("identity key {} is {}, not the configured {}; the configured algorithm applies to new keys only",
                    key.verificationKey().keyId(), key.algorithm(), algorithm);
        }
        return key;
    }

    private static SigningKey create(Path file, SignatureAlgorithm algorithm) throws IOException {
        SigningKey key = SigningKey.generate(algorithm);
        Files.createDirectories(file.getParent());
        AtomicFiles.writePrivate(file, key.toPkcs8Pem().getBytes(StandardCharsets.US_ASCII));
        log.info("made a new {} identity key {} in {}", algorithm, key.verificationKey().fingerprint(), file);
        return key;
    }

    private static DroverException unusable(Path file, String problem, Exception cause) {
        return new DroverException(AgentErrors.IDENTITY_KEY_UNUSABLE, "identity key " + file + " " + problem
                + "; the agent will not make a new key, since its server would take the device for an impostor: "
                + "restore the file, or remove it and have an operator clear the device's identity", cause);
    }
}
