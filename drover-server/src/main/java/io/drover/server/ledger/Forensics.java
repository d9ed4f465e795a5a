package io.drover.server.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.drover.error.DroverException;
import io.drover.ledger.MerkleTree;
import io.drover.ledger.PublishedTreeHead;
import io.drover.ledger.SignedTreeHead;
import io.drover.server.ledger.DeviceAtTime.Approval;
import io.drover.server.ledger.DeviceAtTime.RolloutRecord;
import io.drover.server.ledger.DeviceAtTime.RunningComponent;
import io.drover.server.ledger.DeviceAtTime.Signer;
import io.drover.server.ledger.ReleaseDevices.DeviceRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Forensic questions answered from the ledger alone, never from the mutable tables: whatever an answer states comes
 * from entries it lists with their inclusion proofs in one signed head, so an auditor who trusts only the ledger key
 * can check every word of it.
 */
public final class Forensics {
    /** The most devices one answer about a release lists. */
    public static final int MAX_DEVICES = 1_000;
    private static final String INSTALL = EntryKind.INSTALL_REPORTED.wireName();

    private final Jdbi jdbi;
    private final Ledger ledger;

    public Forensics(Jdbi jdbi, Ledger ledger) {
        this.jdbi = jdbi;
        this.ledger = ledger;
    }

    /** What ran on {@code deviceId} at {@code at}, with the evidence. */
    public DeviceAtTime deviceAt(String deviceId, Instant at) {
        SignedTreeHead head = ledger.latestHead();
        long size = head.head().size();
        return jdbi.inTransaction(h -> {
            var evidence = new Evidence();
            List<LoggedEntry> installs = bySubject(h, "device:" + deviceId, size).stream()
                    .filter(e -> e.kind().equals(INSTALL) && !e.time().isAfter(at)).toList();
            if (installs.isEmpty()) {
                return new DeviceAtTime(deviceId, at, PublishedTreeHead.of(head), null, List.of(), List.of());
            }
            LoggedEntry last = installs.getLast();
            evidence.add(last);
            List<RunningComponent> components = new ArrayList<>();
            last.details().path("after").fields().forEachRemaining(field -> components.add(
                    provenance(h, field.getKey(), field.getValue(), installs, size, at, evidence)));
            return new DeviceAtTime(deviceId, at, PublishedTreeHead.of(head), last.index(), components,
                    evidence.proven(h, size, ledger));
        });
    }

    /** The devices that ran release {@code releaseId} at some moment between {@code from} and {@code to}. */
    public ReleaseDevices devicesThatRan(long releaseId, Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new DroverException(LedgerErrors.OUT_OF_RANGE, "the period ends (" + to + ") before it starts ("
                    + from + ")");
        }
        SignedTreeHead head = ledger.latestHead();
        long size = head.head().size();
        return jdbi.inTransaction(h -> {
            var evidence = new Evidence();
            Long releaseEntry = upload(h, releaseId, size).map(evidence::add).orElse(null);
            List<DeviceRun> runs = new ArrayList<>();
            boolean truncated = false;
            for (LoggedEntry install : installsOf(h, releaseId, size)) {
                if (!isSuccess(install) || install.time().isAfter(to)) {
                    continue;
                }
                String deviceId = install.json().path("deviceId").asText();
                Optional<LoggedEntry> end = bySubject(h, "device:" + deviceId, size).stream()
                        .filter(e -> e.index() > install.index() && e.kind().equals(INSTALL))
                        .filter(e -> isSuccess(e) || "ROLLED_BACK".equals(e.details().path("status").asText()))
                        .findFirst();
                if (end.isPresent() && end.get().time().isBefore(from)) {
                    continue;
                }
                if (runs.size() == MAX_DEVICES) {
                    truncated = true;
                    break;
                }
                evidence.add(install);
                end.ifPresent(evidence::add);
                runs.add(new DeviceRun(deviceId, install.time(), install.index(),
                        end.map(LoggedEntry::time).orElse(null), end.map(LoggedEntry::index).orElse(null)));
            }
            return new ReleaseDevices(releaseId, from, to, PublishedTreeHead.of(head), releaseEntry, runs, truncated,
                    evidence.proven(h, size, ledger));
        });
    }

    private RunningComponent provenance(Handle h, String component, JsonNode running, List<LoggedEntry> installs,
            long size, Instant at, Evidence evidence) {
        String version = running.path("version").asText();
        String sha256 = running.path("sha256").isMissingNode() ? null : running.path("sha256").asText();
        for (int i = installs.size() - 1; i >= 0; i--) {
            LoggedEntry install = installs.get(i);
            if (!isSuccess(install)) {
                continue;
            }
            Optional<LoggedEntry> upload = upload(h, install.releaseId(), size);
            JsonNode carried = upload.map(u -> u.details().path("components").path(component))
                    .orElse(MissingNode.getInstance());
            if (upload.isEmpty() || !version.equals(carried.path("version").asText(null))) {
                continue;
            }
            evidence.add(install);
            evidence.add(upload.get());
            return new RunningComponent(component, version, sha256, install.releaseId(), install.time(),
                    install.index(), upload.get().index(), signers(h, upload.get(), size, at, evidence),
                    rollout(h, install, size, at, evidence));
        }
        return new RunningComponent(component, version, sha256, null, null, null, null, List.of(), null);
    }

    private List<Signer> signers(Handle h, LoggedEntry upload, long size, Instant at, Evidence evidence) {
        List<Signer> signers = new ArrayList<>();
        for (JsonNode keyId : upload.details().path("signerKeyIds")) {
            Optional<LoggedEntry> registered = bySubject(h, "signer:" + keyId.asText(), size).stream()
                    .filter(e -> e.kind().equals(EntryKind.SIGNER_KEY_REGISTERED.wireName()) && !e.time().isAfter(at))
                    .reduce((first, second) -> second);
            registered.ifPresent(evidence::add);
            signers.add(new Signer(keyId.asText(), registered.map(LoggedEntry::actor).orElse(null),
                    registered.map(LoggedEntry::time).orElse(null), registered.map(LoggedEntry::index).orElse(null)));
        }
        return signers;
    }

    private RolloutRecord rollout(Handle h, LoggedEntry install, long size, Instant at, Evidence evidence) {
        long rolloutId = install.rolloutId();
        List<LoggedEntry> ofRollout = bySubject(h, "rollout:" + rolloutId, size).stream()
                .filter(e -> !e.time().isAfter(at)).toList();
        Optional<LoggedEntry> created = ofRollout.stream()
                .filter(e -> e.kind().equals(EntryKind.ROLLOUT_CREATED.wireName())).findFirst();
        created.ifPresent(evidence::add);
        List<Approval> approvals = ofRollout.stream()
                .filter(e -> e.kind().equals(EntryKind.ROLLOUT_APPROVED.wireName()))
                .map(e -> new Approval(e.actor(), e.time(), evidence.add(e))).toList();
        return new RolloutRecord(rolloutId, created.map(LoggedEntry::actor).orElse(null),
                created.map(LoggedEntry::index).orElse(null), approvals);
    }

    private static boolean isSuccess(LoggedEntry entry) {
        return entry.kind().equals(INSTALL) && "SUCCESS".equals(entry.details().path("status").asText());
    }

    private static List<LoggedEntry> bySubject(Handle h, String subject, long size) {
        return h.createQuery("SELECT seq, body FROM ledger_entry WHERE subject = :subject AND seq < :size ORDER BY seq")
                .bind("subject", subject).bind("size", size)
                .map((rs, ctx) -> LoggedEntry.of(rs.getLong("seq"), rs.getBytes("body"))).list();
    }

    private static Optional<LoggedEntry> upload(Handle h, long releaseId, long size) {
        return bySubject(h, "release:" + releaseId, size).stream()
                .filter(e -> e.kind().equals(EntryKind.RELEASE_UPLOADED.wireName())).findFirst();
    }

    private static List<LoggedEntry> installsOf(Handle h, long releaseId, long size) {
        return h.createQuery("SELECT seq, body FROM ledger_entry WHERE release_id = :release AND kind = :kind "
                        + "AND seq < :size ORDER BY seq")
                .bind("release", releaseId).bind("kind", INSTALL).bind("size", size)
                .map((rs, ctx) -> LoggedEntry.of(rs.getLong("seq"), rs.getBytes("body"))).list();
    }

    /** The entries an answer rests on, each proven once. */
    private static final class Evidence {
        private final Map<Long, LoggedEntry> entries = new TreeMap<>();

        long add(LoggedEntry entry) {
            entries.putIfAbsent(entry.index(), entry);
            return entry.index();
        }

        List<ProvenEntry> proven(Handle h, long size, Ledger ledger) {
            MerkleTree tree = ledger.tree(h);
            List<ProvenEntry> proven = new ArrayList<>();
            for (LoggedEntry entry : entries.values()) {
                proven.add(new ProvenEntry(entry.index(), entry.text(), tree.inclusionProof(entry.index(), size)
                        .stream().map(HexFormat.of()::formatHex).toList()));
            }
            return proven;
        }
    }
}
