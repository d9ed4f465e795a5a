package io.drover.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.cli.api.ManagementClient;
import io.drover.ledger.PublishedProof;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.audit.HeadLines;
import io.drover.ledger.audit.JsonLines;
import io.drover.ledger.audit.LedgerExport;
import io.drover.suit.VerificationKey;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the ledger commands read from a running server, decoded; and the key they check it with. */
final class ServerLedger {
    private final ManagementClient server;

    ServerLedger(ManagementClient server) {
        this.server = server;
    }

    ManagementClient client() {
        return server;
    }

    SignedTreeHead latestHead() {
        return head(server.ledgerHead());
    }

    /** The head the ledger signed at exactly {@code size} entries, if it signed one then. */
    Optional<SignedTreeHead> headOfSize(long size) {
        return firstLine(server.ledgerHeads(size, 1)).map(HeadLines::parse).filter(h -> h.head().size() == size);
    }

    /** Entry {@code index} exactly as served, if the ledger has it. */
    Optional<byte[]> entry(long index) {
        return firstLine(server.ledgerEntries(index, 1));
    }

    List<byte[]> inclusionProof(long index, long size) {
        return proof(server.inclusionProof(index, size));
    }

    List<byte[]> consistencyProof(long first, long second) {
        return proof(server.consistencyProof(first, second));
    }

    String keyPem() {
        return server.ledgerKey().path("publicKeyPem").asText();
    }

    /**
     * The key to check with: {@code pinned} (a PEM file obtained independently), or else the server's own copy,
     * with a warning on {@code err} that this proves only that the server agrees with itself.
     */
    VerificationKey key(Optional<Path> pinned, PrintStream err) {
        if (pinned.isPresent()) {
            return LedgerExport.readKey(pinned.get());
        }
        VerificationKey key = VerificationKey.fromPem(keyPem());
        err.println("drover: checking with the ledger key the server gives (" + key.keyId() + "); pin the key you"
                + " obtained independently with --key FILE");
        return key;
    }

    private static Optional<byte[]> firstLine(byte[] page) {
        try (JsonLines lines = new JsonLines(new ByteArrayInputStream(page))) {
            return lines.hasNext() ? Optional.of(lines.next()) : Optional.empty();
        }
    }

    /** A head as the API writes it in JSON ({@link PublishedTreeHead}); {@link IllegalArgumentException} if malformed. */
    static SignedTreeHead head(JsonNode json) {
        return new PublishedTreeHead(json.path("size").asLong(), json.path("timestamp").asText(null),
                json.path("rootHash").asText(null), json.path("signature").asText(null)).toSigned();
    }

    private static List<byte[]> proof(JsonNode json) {
        List<String> hashes = new ArrayList<>();
        json.path("hashes").forEach(h -> hashes.add(h.asText()));
        return new PublishedProof(json.path("kind").asText(), json.path("first").asLong(), json.path("second").asLong(),
                hashes).decodedHashes();
    }
}
