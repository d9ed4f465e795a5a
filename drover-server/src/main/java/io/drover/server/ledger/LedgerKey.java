package io.drover.server.ledger;

import io.drover.server.internal.KeyFiles;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import java.nio.file.Path;

/**
 * The key that signs the ledger's tree heads, kept in a PKCS#8 PEM file. A node makes an Ed25519 key when the file
 * does not exist yet (readable by its owner only); nodes sharing a database must be given the same file.
 */
public final class LedgerKey {
    private LedgerKey() {}

    public static CoseSigner loadOrCreate(Path file) {
        return CoseSigner.create(SigningKey.fromPem(KeyFiles.readOrCreate(file,
                () -> SigningKey.generate(SignatureAlgorithm.ED25519).toPkcs8Pem())));
    }
}
