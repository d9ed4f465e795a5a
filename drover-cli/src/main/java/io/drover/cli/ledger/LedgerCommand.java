package io.drover.cli.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.cli.api.ServerConnection;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.MerkleProofs;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.suit.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drover ledger}: export, audit and query the accountability ledger of a running server. */
@Command(name = "ledger", description = "Export, audit and query the ledger: the signed, append-only record of what"
        + " was signed, approved, rolled out and installed (docs/LEDGER.md).",
        subcommands = {ExportLedger.class, VerifyLedger.class, LedgerCommand.Head.class, LedgerCommand.Prove.class})
public final class LedgerCommand {

    /** {@code drover ledger head}. */
    @Command(name = "head", mixinStandardHelpOptions = true,
            description = "Print the ledger's latest signed head (JSON, as the API writes it) once its signature"
                    + " verifies with the ledger key.")
    static final class Head implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Mixin
        PinnedLedgerKey key;

        @Override
        public Integer call() throws Exception {
            var ledger = new ServerLedger(server.client());
            VerificationKey ledgerKey = key.resolve(ledger);
            SignedTreeHead head = ledger.latestHead();
            if (!head.verifiedBy(ledgerKey)) {
                System.err.println("drover: the head of size " + head.head().size()
                        + " does not verify with the ledger key " + ledgerKey.keyId());
                return 1;
            }
            System.out.println(new ObjectMapper().writeValueAsString(PublishedTreeHead.of(head)));
            return 0;
        }
    }

    /** {@code drover ledger prove --index I [--size N]}. */
    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "Show that an entry is in the ledger: fetch it, a signed head and the server's inclusion"
                    + " proof, and check them here.")
    static final class Prove implements Callable<Integer> {
        @Mixin
        ServerConnection server;

        @Option(names = "--index", paramLabel = "I", required = true, description = "The entry's position, from 0.")
        long index;

        @Option(names = "--size", paramLabel = "N", description = "Prove it in the head the ledger signed at N entries"
                + " (default: the latest head).")
        Long size;

        @Mixin
        PinnedLedgerKey key;

        @Override
        public Integer call() {
            var ledger = new ServerLedger(server.client());
            VerificationKey ledgerKey = key.resolve(ledger);
            Optional<SignedTreeHead> signed = size == null ? Optional.of(ledger.latestHead()) : ledger.headOfSize(size);
            if (signed.isEmpty()) {
                System.err.println("drover: the ledger signed no head of size " + size);
                return 1;
            }
            SignedTreeHead head = signed.get();
            long treeSize = head.head().size();
            if (!head.verifiedBy(ledgerKey)) {
                System.err.println("drover: the head of size " + treeSize + " does not verify with the ledger key "
                        + ledgerKey.keyId());
                return 1;
            }
            Optional<byte[]> entry = ledger.entry(index);
            if (entry.isEmpty() || index >= treeSize) {
                System.err.println("drover: entry " + index + " is not in the head of size " + treeSize);
                return 1;
            }
            List<byte[]> proof = ledger.inclusionProof(index, treeSize);
            if (!MerkleProofs.verifyInclusion(MerkleHashes.leaf(entry.get()), index, treeSize, proof,
                    head.head().rootHash())) {
                System.err.println("drover: the server's inclusion proof of entry " + index + " in the head of size "
                        + treeSize + " does not verify");
                return 1;
            }
            System.out.println("entry " + index + " is in the head of size " + treeSize + " signed at "
                    + head.head().timestamp() + " (root " + PublishedTreeHead.of(head).rootHash() + "): its proof of "
                    + proof.size() + " hashes verifies");
            System.out.println(new String(entry.get(), StandardCharsets.UTF_8));
            return 0;
        }
    }
}
