package io.drover.cli.ledger;

import io.drover.cli.api.ServerConnection;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.audit.LedgerExport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drover ledger export --out DIR}: the ledger of a running server, written as an export folder. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the ledger of a running server to a folder: ledger-key.pem, entries.jsonl and heads.jsonl"
                + " (docs/LEDGER.md), up to its latest signed head. Streams page by page; the entries are written"
                + " exactly as the server hashed them.")
final class ExportLedger implements Callable<Integer> {
    @Mixin
    ServerConnection server;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The folder to write (made if missing).")
    Path out;

    @Override
    public Integer call() throws IOException {
        var ledger = new ServerLedger(server.client());
        // The latest head fixes the snapshot: entries and heads recorded while exporting stay out of it.
        SignedTreeHead latest = ledger.latestHead();
        long size = latest.head().size();
        LedgerExport export = LedgerExport.in(Files.createDirectories(out));
        Files.writeString(export.keyFile(), ledger.keyPem(), StandardCharsets.US_ASCII);
        long entries = write(LedgerPages.entries(ledger.client(), size), export.entriesFile());
        long heads = write(LedgerPages.heads(ledger.client(), size), export.headsFile());
        System.out.println("exported " + entries + " entries and " + heads + " signed heads (up to size " + size
                + ") to " + out);
        return 0;
    }

    private static long write(Iterator<byte[]> lines, Path file) throws IOException {
        long count = 0;
        try (OutputStream to = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            while (lines.hasNext()) {
                to.write(lines.next());
                to.write('\n');
                count++;
            }
        }
        return count;
    }
}
