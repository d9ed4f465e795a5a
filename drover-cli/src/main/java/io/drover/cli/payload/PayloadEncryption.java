package io.drover.cli.payload;

import io.drover.suit.encryption.ContentEncryptionAlgorithm;
import io.drover.suit.encryption.EncryptedPayload;
import io.drover.suit.encryption.GroupKey;
import io.drover.suit.encryption.PayloadEncryptor;
import io.drover.suit.encryption.Recipient;
import io.drover.suit.encryption.RecipientPublicKey;
import io.drover.suit.SecretKeyAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code "encryption"} of a component in a release description, for example
 * {@code {"algorithm": "A128GCM", "groupKey": "keys/fleet.group.pem", "recipients": ["keys/dev1.pub.pem"]}}: every
 * group key and device key listed can decrypt. Key paths are relative to the description file.
 *
 * @param algorithm  the content encryption algorithm; A128GCM when absent
 * @param groupKey   a group key file (from {@code drover keys generate-group}), or null
 * @param recipients device public key files (from {@code drover keys generate-recipient}), or null
 */
public record PayloadEncryption(ContentEncryptionAlgorithm algorithm, String groupKey, List<String> recipients) {
    public PayloadEncryption {
        algorithm = algorithm == null ? ContentEncryptionAlgorithm.A128GCM : algorithm;
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        if (groupKey == null && recipients.isEmpty()) {
            throw new IllegalArgumentException("encryption needs a groupKey or at least one recipient");
        }
    }

    /** The encrypted artifact and what the manifest needs of it. */
    public record Result(EncryptedPayload payload, byte[] ciphertextSha256) {
    }

    /** Encrypts {@code artifact} into {@code target} for every key named, streaming. */
    public Result encrypt(Path artifact, Path target, Path baseDir) throws IOException {
        var keys = new ArrayList<Recipient>();
        if (groupKey != null) {
            keys.add(Recipient.of(GroupKey.fromPem(Files.readString(baseDir.resolve(groupKey)), SecretKeyAccess.get())));
        }
        for (String recipient : recipients) {
            keys.add(Recipient.of(RecipientPublicKey.fromPem(Files.readString(baseDir.resolve(recipient)))));
        }
        MessageDigest sha256 = sha256();
        try (InputStream in = Files.newInputStream(artifact);
                OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha256)) {
            EncryptedPayload payload = PayloadEncryptor.create(algorithm, keys).encrypt(in, out);
            return new Result(payload, sha256.digest());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
