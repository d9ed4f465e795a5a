package io.drover.cli.ledger;

import io.drover.suit.VerificationKey;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --key} option of the commands that check what a server says about its ledger. */
final class PinnedLedgerKey {
    @Option(names = "--key", paramLabel = "FILE", description = "The ledger's public key (PEM) as you obtained it"
            + " independently; without it, the server's.")
    Path file;

    /** The pinned key, or else the server's own with a warning (see {@link ServerLedger#key}). */
    VerificationKey resolve(ServerLedger ledger) {
        return ledger.key(Optional.ofNullable(file), System.err);
    }
}
