package io.drover.bench;

import io.drover.ledger.CompactRange;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.TreeHead;
import io.drover.ledger.audit.AuditReport;
import io.drover.ledger.audit.LedgerAudit;
import io.drover.ledger.audit.LedgerExport;
import io.drover.suit.CoseSigner;
import io.drover.suit.SignatureAlgorithm;
import io.drover.suit.SigningKey;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.ManifestReference;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.ReportSigner;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The full verification rate of a ledger export, in entries per second: one audit of an export folder of
 * {@code entries} entries in the server's format (heads every 5,000 entries, as the sequencer's batches), read from
 * disk (page cache) with the chain, every head and, for {@code reportsPerThousand} of the entries, a device-signed
 * install report (Ed25519) checked. Each JMH operation is one audit; divide by {@code entries}, or read the
 * {@code entries/s} the score is already scaled to (operations per invocation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class LedgerAuditBenchmark {
    private static final int ENTRIES = 100_000;
    private static final int HEAD_EVERY = 5_000;
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    /** Install reports with a device signature, per thousand entries: 0 for the chain and heads alone. */
    @Param({"0", "10"})
    public int reportsPerThousand;

    private Path folder;
    private LedgerAudit audit;

    @Setup
    public void writeExport() throws IOException {
        CoseSigner ledgerKey = CoseSigner.create(SigningKey.generate(SignatureAlgorithm.ED25519));
        SigningKey deviceKey = SigningKey.generate(SignatureAlgorithm.ED25519);
        String signedReport = Base64.getEncoder().encodeToString(ReportSigner.create(deviceKey).sign(
                new InstallReport("dev-1", 3, 7, T0, ManifestReference.ofUndecodable(new byte[] {1}),
                        new ReportResult.Success(), Optional.empty(), Map.of(), Map.of()).toSuitReport()));
        String keyPem = deviceKey.verificationKey().toPem().replace("\n", "\\n");
        folder = Files.createTempDirectory("drover-ledger-bench");
        LedgerExport export = LedgerExport.in(folder);
        Files.writeString(export.keyFile(), ledgerKey.verificationKey().toPem());
        CompactRange range = CompactRange.empty();
        byte[] previous = new byte[MerkleHashes.SIZE];
        try (OutputStream entries = new BufferedOutputStream(Files.newOutputStream(export.entriesFile()));
                OutputStream heads = new BufferedOutputStream(Files.newOutputStream(export.headsFile()))) {
            for (int index = 0; index < ENTRIES; index++) {
                String common = "{\"index\":" + index + ",\"previous\":\"" + HexFormat.of().formatHex(previous)
                        + "\",\"time\":\"" + T0.plusMillis(index) + "\",";
                String rest;
                if (index == 0) {
                    rest = "\"kind\":\"device.key-recorded\",\"actor\":\"drover\",\"deviceId\":\"dev-1\","
                            + "\"details\":{\"keyId\":\"k\",\"algorithm\":\"ED25519\",\"publicKeyPem\":\"" + keyPem + "\"}}";
                } else if (reportsPerThousand > 0 && index % (1000 / reportsPerThousand) == 0) {
                    rest = "\"kind\":\"install.reported\",\"actor\":\"dev-1\",\"deviceId\":\"dev-1\",\"releaseId\":7,"
                            + "\"rolloutId\":3,\"details\":{\"status\":\"SUCCESS\",\"reason\":null,\"deviceTime\":\""
                            + T0 + "\",\"signedReport\":\"" + signedReport + "\",\"signatureVerified\":true}}";
                } else {
                    rest = "\"kind\":\"device.assigned\",\"actor\":\"drover\",\"deviceId\":\"dev-" + index
                            + "\",\"releaseId\":7,\"rolloutId\":3,\"details\":{\"wave\":2}}";
                }
                byte[] line = (common + rest).getBytes(StandardCharsets.UTF_8);
                entries.write(line);
                entries.write('\n');
                previous = MerkleHashes.leaf(line);
                range.append(previous);
                if (range.size() % HEAD_EVERY == 0) {
                    SignedTreeHead head = SignedTreeHead.sign(new TreeHead(range.size(), T0, range.root()), ledgerKey);
                    PublishedTreeHead published = PublishedTreeHead.of(head);
                    heads.write(("{\"size\":" + published.size() + ",\"timestamp\":\"" + published.timestamp()
                            + "\",\"rootHash\":\"" + published.rootHash() + "\",\"signature\":\""
                            + published.signature() + "\"}\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        audit = LedgerAudit.create(ledgerKey.verificationKey());
        AuditReport report = auditExport();
        if (!report.ok() || report.entries() != ENTRIES) {
            throw new IllegalStateException("the benchmark's export does not verify: " + report.summary());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ENTRIES)
    public AuditReport auditExport() {
        return LedgerExport.in(folder).audit(audit, Optional.empty());
    }

    @TearDown
    public void deleteExport() throws IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
