package io.drover.cli.ledger;

import io.drover.cli.api.ServerConnection;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.audit.AuditReport;
import io.drover.ledger.audit.HeadLines;
import io.drover.ledger.audit.JsonLines;
import io.drover.ledger.audit.LedgerAudit;
import io.drover.ledger.audit.LedgerExport;
import io.drover.suit.VerificationKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code drover ledger verify [DIR]}: audits an export folder, or without one the ledger of a running server, and
 * prints what verified or the first problem.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Audit a ledger without trusting the server: every entry in its place and chained to the one"
                + " before, every signed head against the ledger key and the entries it covers, every install report"
                + " against the device key recorded before it. Prints the first entry or head that fails.",
                "With DIR: an export folder (drover ledger export). Without: the ledger of the server at --server,"
                        + " also checking the server's consistency proofs between consecutive heads."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the ledger verified", "1:it did not (the first problem is printed) or could not be read",
                "2:wrong usage"})
final class VerifyLedger implements Callable<Integer> {
    @Mixin
    ServerConnection server;

    @Parameters(paramLabel = "DIR", arity = "0..1", description = "An export folder; without it, the server's ledger.")
    Path folder;

    @Option(names = "--key", paramLabel = "FILE", description = "The ledger's public key (PEM) as you obtained it"
            + " independently. Without it the key in the export, or the server's, is used: that only shows the ledger"
            + " agrees with itself, not that it is the one the server's operator signs.")
    Path key;

    @Option(names = "--pinned", paramLabel = "FILE", description = "Heads kept from an earlier look (the heads.jsonl"
            + " of an earlier export): each must still be in the ledger and match its entries.")
    Path pinned;

    /** The ledger key the export was checked with, for the answer. */
    private VerificationKey checkedKey;

    @Option(names = "--answer", paramLabel = "FILE", description = "Also check a forensic answer (drover forensics"
            + " … --out FILE) against the export: its head is one of the export's, its entries are the export's, its"
            + " proofs hold. Needs DIR.")
    Path answer;

    @Override
    public Integer call() throws IOException {
        if (answer != null && folder == null) {
            System.err.println("drover: --answer is checked against an export folder: give DIR");
            return 2;
        }
        AuditReport report;
        try {
            report = folder == null ? live() : offline();
        } catch (IllegalArgumentException e) {
            System.err.println("drover: ledger does not verify: " + e.getMessage());
            return 1;
        }
        if (!report.ok()) {
            System.err.println("drover: ledger does not verify: " + report.summary());
            return 1;
        }
        System.out.println(report.summary());
        if (answer != null) {
            Optional<String> problem = AnswerAgainstExport.problem(LedgerExport.in(folder), checkedKey, answer);
            if (problem.isPresent()) {
                System.err.println("drover: the answer does not hold: " + problem.get());
                return 1;
            }
            System.out.println("the answer holds: each of its entries is the export's, proven in a head of the export");
        }
        return 0;
    }

    private AuditReport offline() {
        LedgerExport export = LedgerExport.in(folder);
        VerificationKey ledgerKey;
        if (key != null) {
            ledgerKey = LedgerExport.readKey(key);
        } else {
            ledgerKey = export.includedKey();
            System.err.println("drover: checking with the ledger key inside the export (" + ledgerKey.keyId()
                    + "); pin the key you obtained independently with --key FILE");
        }
        checkedKey = ledgerKey;
        return export.audit(LedgerAudit.create(ledgerKey), Optional.ofNullable(pinned));
    }

    private AuditReport live() throws IOException {
        var ledger = new ServerLedger(server.client());
        VerificationKey ledgerKey = ledger.key(Optional.ofNullable(key), System.err);
        long size = ledger.latestHead().head().size();
        LedgerAudit audit = LedgerAudit.create(ledgerKey).withConsistencyProofs(ledger::consistencyProof);
        Iterator<SignedTreeHead> heads = HeadLines.parsing(LedgerPages.heads(ledger.client(), size), "the server's heads");
        if (pinned == null) {
            return audit.verify(LedgerPages.entries(ledger.client(), size), heads, Collections.emptyIterator());
        }
        try (JsonLines pins = new JsonLines(Files.newInputStream(pinned))) {
            return audit.verify(LedgerPages.entries(ledger.client(), size), heads,
                    HeadLines.parsing(pins, pinned.toString()));
        }
    }
}
