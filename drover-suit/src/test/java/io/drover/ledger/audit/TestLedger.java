package io.drover.ledger.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.ledger.CompactRange;
import io.drover.ledger.MerkleHashes;
import io.drover.ledger.MerkleTree;
import io.drover.ledger.SignedTreeHead;
import io.drover.ledger.TreeHead;
import io.drover.suit.CoseSigner;
import io.drover.suit.SigningKey;
import io.drover.suit.report.InstallReport;
import io.drover.suit.report.ManifestReference;
import io.drover.suit.report.ReportReason;
import io.drover.suit.report.ReportSigner;
import io.drover.suit.report.ReportResult;
import io.drover.suit.report.SuitRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A ledger made in a test the way the server makes one: entries in the documented format, each stating its index and
 * the previous leaf hash, and heads signed by the ledger key over the roots of prefixes. What each entry says is kept,
 * so a test can rewrite one and rebuild every later entry consistently.
 */
final class TestLedger {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    /** What an entry says, apart from where it is. */
    record Said(String kind, String actor, String deviceId, Long releaseId, Long rolloutId, Map<String, ?> details) {}

    private final CoseSigner ledgerKey;
    private final List<Said> said = new ArrayList<>();
    private final List<byte[]> lines = new ArrayList<>();
    private final List<SignedTreeHead> heads = new ArrayList<>();

    TestLedger(CoseSigner ledgerKey) {
        this.ledgerKey = ledgerKey;
    }

    TestLedger add(Said entry) {
        said.add(entry);
        lines.add(line(lines.size(), lines.isEmpty() ? new byte[MerkleHashes.SIZE]
                : MerkleHashes.leaf(lines.getLast()), entry));
        return this;
    }

    TestLedger change(int n, String actor) {
        for (int i = 0; i < n; i++) {
            add(new Said("rollout.changed", actor, null, 7L, 3L, Map.of("action", "paused", "n", lines.size())));
        }
        return this;
    }

    TestLedger keyRecorded(String deviceId, SigningKey deviceKey) {
        return add(new Said("device.key-recorded", "drover", deviceId, null, null, Map.of(
                "keyId", deviceKey.verificationKey().keyId(), "algorithm", deviceKey.algorithm().name(),
                "publicKeyPem", deviceKey.verificationKey().toPem())));
    }

    /** An install report entry; {@code signedBy} null for an unsigned one. */
    TestLedger reported(String deviceId, long rolloutId, long releaseId, String status, SigningKey signedBy,
            boolean signatureVerified) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status);
        if (signedBy != null) {
            details.put("signedReport", signedReport(signedBy, deviceId, rolloutId, releaseId, status));
        }
        details.put("signatureVerified", signatureVerified);
        return add(new Said("install.reported", deviceId, deviceId, releaseId, rolloutId, details));
    }

    static String signedReport(SigningKey key, String deviceId, long rolloutId, long releaseId, String status) {
        boolean success = !"FAILURE".equals(status);
        var report = new InstallReport(deviceId, rolloutId, releaseId, T0, ManifestReference.ofUndecodable(new byte[] {1}),
                success ? new ReportResult.Success() : new ReportResult.Failure(ReportResult.FAILED,
                        new SuitRecord(List.of(), 7, 0, 0, Map.of()),
                        ReportReason.CONDITION_FAILED),
                success ? Optional.empty() : Optional.of("agent.health-check-failed: no"), Map.of(), Map.of());
        return Base64.getEncoder().encodeToString(ReportSigner.create(key).sign(report.toSuitReport()));
    }

    /** Signs a head over every entry so far. */
    TestLedger head() {
        heads.add(SignedTreeHead.sign(new TreeHead(lines.size(), T0.plusSeconds(heads.size()), root(lines.size())),
                ledgerKey));
        return this;
    }

    /** Signs every head anew over the entries as they are now, at the same sizes. */
    TestLedger resignHeads() {
        List<SignedTreeHead> old = List.copyOf(heads);
        heads.clear();
        old.forEach(h -> heads.add(SignedTreeHead.sign(new TreeHead(h.head().size(), h.head().timestamp(),
                root(h.head().size())), ledgerKey)));
        return this;
    }

    /** Rewrites what entry {@code index} says and rebuilds it and every later entry; the heads stay as signed. */
    TestLedger rewrite(int index, UnaryOperator<Said> change) {
        said.set(index, change.apply(said.get(index)));
        List<Said> all = List.copyOf(said);
        said.clear();
        lines.clear();
        all.forEach(this::add);
        return this;
    }

    byte[] root(long size) {
        CompactRange range = CompactRange.empty();
        lines.subList(0, (int) size).forEach(line -> range.append(MerkleHashes.leaf(line)));
        return range.root();
    }

    MerkleTree tree() {
        return MerkleTree.overLeaves(i -> MerkleHashes.leaf(lines.get((int) i)));
    }

    /** The entry lines; a test may change this list to tamper with the ledger. */
    List<byte[]> lines() {
        return lines;
    }

    /** The signed heads; a test may change this list. */
    List<SignedTreeHead> heads() {
        return heads;
    }

    static byte[] line(long index, byte[] previous, Said said) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("index", index);
        entry.put("previous", HexFormat.of().formatHex(previous));
        entry.put("time", T0.plusMillis(index).toString());
        entry.put("kind", said.kind());
        entry.put("actor", said.actor());
        if (said.deviceId() != null) {
            entry.put("deviceId", said.deviceId());
        }
        if (said.releaseId() != null) {
            entry.put("releaseId", said.releaseId());
        }
        if (said.rolloutId() != null) {
            entry.put("rolloutId", said.rolloutId());
        }
        entry.put("details", said.details());
        try {
            return JSON.writeValueAsBytes(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
