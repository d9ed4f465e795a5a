package io.drover.server.ledger;

import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The key that signs the ledger's tree heads, kept in a PKCS#8 PEM file. A node makes an Ed25519 key when the file
 * does not exist yet (readable by its owner only); nodes sharing a database must be given the same file.
 */
public final class LedgerKey {
    private LedgerKey() {}

    public static CoseSigner loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            return CoseSigner.create(SigningKey.fromPem(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the ledger key " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path fresh = Files.createTempFile(parent, ".ledger-key", ".tmp");
        try {
            if (fresh.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(fresh, SigningKey.generate(SignatureAlgorithm.ED25519).toPkcs8Pem(),
                    StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            // A link, not a move: a node starting at the same moment keeps the key that was there first.
            Files.createLink(file, fresh);
        } catch (FileAlreadyExistsException someoneElseWasFirst) {
            // the other node's key is the one
        } finally {
            Files.deleteIfExists(fresh);
        }
    }
}
